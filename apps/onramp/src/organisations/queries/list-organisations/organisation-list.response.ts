import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { OrganisationResponse } from '../../organisation.response';

@ApiSchema({ name: 'OrganisationList', description: 'Organisations the caller can see, by ODS code.' })
export class OrganisationListResponse {
  @ApiProperty({ type: [OrganisationResponse] })
  items!: OrganisationResponse[];
}
