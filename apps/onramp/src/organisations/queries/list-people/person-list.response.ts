import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { PersonResponse } from '../../organisation.response';

@ApiSchema({ name: 'PersonList', description: 'People recorded for the organisation, by role then name.' })
export class PersonListResponse {
  @ApiProperty({ type: [PersonResponse] })
  items!: PersonResponse[];
}
