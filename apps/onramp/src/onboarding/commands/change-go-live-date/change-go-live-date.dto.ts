import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MultiLineText } from '../../../shared/http/text.validators';
import { AcceptedDate } from '../../../shared/http/iso-date.constraint';
import { VersionedDto } from '../versioned.dto';
import { Optional } from '../../../shared/http/optional';

export class ChangeGoLiveDateDto extends VersionedDto {
  @ApiProperty({ example: '2027-05-01', description: 'The new go-live date (YYYY-MM-DD): after today and at most ten years ahead' })
  @AcceptedDate()
  goLiveDate!: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @Optional()
  @MultiLineText(3, 1000)
  reason?: string;
}
