import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { MultiLineText } from '../../../shared/http/text.validators';
import { VersionedDto } from '../versioned.dto';

export class SignOffStepDto extends VersionedDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @MultiLineText(1, 2000)
  note?: string;
}
