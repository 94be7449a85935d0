import { ApiProperty } from '@nestjs/swagger';
import { MultiLineText } from '../../shared/http/text.validators';
import { VersionedDto } from './versioned.dto';

/** Waiving and reopening must say why: the reason goes into the audit trail. */
export class ReasonDto extends VersionedDto {
  @ApiProperty({ minLength: 10, maxLength: 1000, example: 'Service is not offered on e-RS: tertiary referrals only' })
  @MultiLineText(10, 1000)
  reason!: string;
}
