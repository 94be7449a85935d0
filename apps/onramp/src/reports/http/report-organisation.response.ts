import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ORGANISATION_TYPES } from '../../shared/plugin-sdk';

@ApiSchema({ name: 'ReportOrganisation', description: 'The organisation a report row or report is about.' })
export class ReportOrganisationResponse {
  @ApiProperty({ example: 'RH8' })
  odsCode!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ORGANISATION_TYPES })
  type!: string;
}

export const RAG = ['red', 'amber', 'green'] as const;
