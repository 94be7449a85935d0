import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Validate } from 'class-validator';
import { MultiLineText } from '../../../shared/http/text.validators';
import { IsoDateConstraint } from '../../../shared/http/iso-date.constraint';
import { VersionedDto } from '../versioned.dto';
import { Optional } from '../../../shared/http/optional';

export class ChangeGoLiveDateDto extends VersionedDto {
  @ApiProperty({ example: '2027-05-01' })
  @IsString()
  @Validate(IsoDateConstraint)
  goLiveDate!: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @Optional()
  @MultiLineText(3, 1000)
  reason?: string;
}
