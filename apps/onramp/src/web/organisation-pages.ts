import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetOrganisation, type OrganisationView } from '../organisations';

/** What the pages of one organisation share: the organisation, and the breadcrumbs back to it. */
@Injectable()
export class OrganisationPages {
  constructor(private readonly queries: QueryBus) {}

  organisation(ods: string): Promise<OrganisationView> {
    return this.queries.execute(new GetOrganisation(ods));
  }

  /** The trail above an organisation's page: its overview, then any pages between. */
  crumbs(organisation: Pick<OrganisationView, 'odsCode' | 'name'>, ...between: { href: string; label: string }[]) {
    return [{ href: `/organisations/${organisation.odsCode}`, label: organisation.name }, ...between];
  }
}
