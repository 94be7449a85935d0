import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { PersonResponse } from '../../organisation.response';

@ApiSchema({ name: 'PersonList', description: 'People of the organisation, by role then name (removed people only when asked for).' })
export class PersonListResponse {
  @ApiProperty({ type: [PersonResponse] })
  items!: PersonResponse[];
}
