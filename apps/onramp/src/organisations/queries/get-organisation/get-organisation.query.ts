import { Query } from '@nestjs/cqrs';
import type { OrganisationView } from '../../organisation.view';

export class GetOrganisation extends Query<OrganisationView> {
  constructor(readonly ods: string) {
    super();
  }
}
