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
}
