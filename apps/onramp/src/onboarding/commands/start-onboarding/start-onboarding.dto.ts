import { ApiProperty } from '@nestjs/swagger';
import { AcceptedDate } from '../../../shared/http/iso-date.constraint';

export class StartOnboardingDto {
  @ApiProperty({ example: '2027-04-01', description: 'Target go-live date (YYYY-MM-DD): after today and at most ten years ahead' })
  @AcceptedDate()
  goLiveDate!: string;
}
