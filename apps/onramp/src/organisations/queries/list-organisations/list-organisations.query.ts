import { Query } from '@nestjs/cqrs';
import type { OrganisationView } from '../../organisation.view';

/** Organisations visible in a scope: one organisation, or all of them (global roles). */
export class ListOrganisations extends Query<{ items: OrganisationView[] }> {
  constructor(readonly scope: string | 'all') {
    super();
  }
}
