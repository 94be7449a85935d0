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

/** A person was invited again: identity makes a new set-password link and notifications sends the welcome again. */
export class PersonInvitedAgain {
  readonly type = 'PersonInvitedAgain';
  constructor(
    readonly organisation: string,
    readonly personId: string,
    readonly name: string,
    readonly email: string,
    readonly role: string,
    readonly occurredAt: string,
  ) {}
}

/** A person no longer holds a role in the organisation; their row stays so history still names them. */
export class PersonRemoved {
  readonly type = 'PersonRemoved';
  constructor(
    readonly organisation: string,
    readonly personId: string,
    readonly name: string,
    readonly role: string,
    readonly occurredAt: string,
  ) {}
}

/** A person's name or access changed. */
export class PersonChanged {
  readonly type = 'PersonChanged';
  constructor(
    readonly organisation: string,
    readonly personId: string,
    readonly changes: { name?: string; accessRole?: string },
    readonly occurredAt: string,
  ) {}
}

/** The four-eyes setting changed: whether a person may sign off a step they completed themselves. */
export class SelfSignOffSettingChanged {
  readonly type = 'SelfSignOffSettingChanged';
  constructor(
    readonly organisation: string,
    readonly allowed: boolean,
    readonly occurredAt: string,
  ) {}
}
