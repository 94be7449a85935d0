import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { Optional } from '../../../shared/http/optional';
import { OUTBOX_STATUSES, type OutboxStatus } from '../../persistence/outbox-message.entity';

export class ListMailQueryDto {
  @ApiPropertyOptional({ enum: OUTBOX_STATUSES, description: 'failed: the email could not be composed (its template failed); it is never sent' })
  @Optional()
  @IsIn(OUTBOX_STATUSES)
  status?: OutboxStatus;

  @ApiPropertyOptional({ description: 'Only messages about this organisation (ODS code)' })
  @Optional()
  @Matches(/^[A-Za-z0-9]{1,9}$/, { message: 'organisation must be an ODS code' })
  organisation?: string;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
