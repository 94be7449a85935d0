import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { Optional } from '../../shared/http/optional';

/** Every onboarding write may name the run version it was based on (or send If-Match). */
export class VersionedDto {
  @ApiPropertyOptional({ description: 'The run version the change is based on; a stale one gets 412. Same as If-Match.' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  expectedVersion?: number;
}
