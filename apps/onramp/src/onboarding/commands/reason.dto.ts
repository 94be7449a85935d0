import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { VersionedDto } from './versioned.dto';

/** Waiving and reopening must say why: the reason goes into the audit trail. */
export class ReasonDto extends VersionedDto {
  @ApiProperty({ minLength: 10, maxLength: 1000, example: 'Service is not offered on e-RS: tertiary referrals only' })
  @IsString()
  @Length(10, 1000, { message: 'reason must be 10 to 1000 characters: say why' })
  reason!: string;
}
