import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional } from '../../../shared/http/optional';

export class ListPeopleQueryDto {
  @ApiPropertyOptional({ enum: ['removed'], description: '`removed`: also the people who no longer hold their role (their `removedAt` is set)' })
  @Optional()
  @IsIn(['removed'])
  include?: 'removed';
}
