import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { PERSON_ROLES, ORGANISATION_ACCESS_ROLES } from '../shared/domain/roles';
import { ORGANISATION_TYPES } from './domain/ods-code';

@ApiSchema({ name: 'Organisation', description: 'A provider organisation registered in Onramp.' })
export class OrganisationResponse {
  @ApiProperty({ description: 'ODS code, upper case', example: 'RH8' })
  odsCode!: string;

  @ApiProperty({ example: 'Royal Devon University Healthcare NHS Foundation Trust' })
  name!: string;

  @ApiProperty({ enum: ORGANISATION_TYPES, description: 'Decides which plugins apply to its checklist' })
  type!: string;

  @ApiProperty({ format: 'date-time', description: 'When it was registered' })
  createdAt!: string;

  @ApiProperty({
    description:
      'Four eyes off: whether a person may sign off a step they completed themselves (false by default; changed with PUT /api/v1/organisations/{ods}/settings/self-sign-off, and audited)',
  })
  allowSelfSignOff!: boolean;
}

@ApiSchema({ name: 'Person', description: 'A person recorded for an organisation, in one role; steps are assigned to them.' })
export class PersonResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Priya Shah' })
  name!: string;

  @ApiProperty({ example: 'priya.shah@nhs.net', description: 'Lower case' })
  email!: string;

  @ApiProperty({ enum: PERSON_ROLES })
  role!: string;

  @ApiProperty({ enum: ORGANISATION_ACCESS_ROLES, description: 'What the person may do in Onramp for this organisation' })
  accessRole!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'When they stopped holding the role (removed, keeping their history); null while they hold it',
  })
  removedAt!: string | null;
}
