import type { OrganisationType } from './ods-code';

/** Events of the organisations context; each is audited on the organisation's chain. */
export class OrganisationRegistered {
  readonly type = 'OrganisationRegistered';
  constructor(
    readonly odsCode: string,
    readonly name: string,
    readonly organisationType: OrganisationType,
    readonly occurredAt: string,
  ) {}
}

export class PersonAdded {
  readonly type = 'PersonAdded';
  constructor(
    readonly organisation: string,
    readonly personId: string,
    readonly name: string,
    readonly email: string,
    readonly role: string,
    readonly occurredAt: string,
  ) {}
}
