import { ApiPropertyOptional } from '@nestjs/swagger';
import { MultiLineText } from '../../../shared/http/text.validators';
import { VersionedDto } from '../versioned.dto';
import { Optional } from '../../../shared/http/optional';

export class SignOffStepDto extends VersionedDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @MultiLineText(1, 2000)
  note?: string;
}
