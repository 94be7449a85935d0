import { ApiProperty } from '@nestjs/swagger';
import { IsString, Validate } from 'class-validator';
import { IsoDateConstraint } from '../../../shared/http/iso-date.constraint';

export class StartOnboardingDto {
  @ApiProperty({ example: '2027-04-01', description: 'Target go-live date (YYYY-MM-DD), after today' })
  @IsString()
  @Validate(IsoDateConstraint)
  goLiveDate!: string;
}
