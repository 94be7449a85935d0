import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { VersionedDto } from '../versioned.dto';

export class AssignStepDto extends VersionedDto {
  @ApiProperty({ description: 'Id of a person recorded for the organisation (POST …/people)' })
  @IsUUID('all', { message: 'personId must be the id of a person recorded for this organisation' })
  personId!: string;
}
