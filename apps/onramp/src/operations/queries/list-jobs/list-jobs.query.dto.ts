import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { Optional } from '../../../shared/http/optional';

const STATES = ['queued', 'active', 'failed', 'dead', 'completed'] as const;

export class ListJobsQueryDto {
  @ApiPropertyOptional({ enum: STATES, default: 'failed', description: 'failed: waiting to be retried; dead: used up its retries' })
  @Optional()
  @IsIn(STATES, { message: `state must be one of: ${STATES.join(', ')}` })
  state?: (typeof STATES)[number];

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
