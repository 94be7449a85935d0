/** Someone asked for a password-reset link for this account (at the sign-in page); the link itself is never in the event. */
export class PasswordResetRequested {
  readonly type = 'PasswordResetRequested';
  constructor(
    readonly userId: string,
    readonly email: string,
    readonly name: string,
    readonly occurredAt: string,
  ) {}
}

/** A person was given a global role (national team, admin), or had it taken away (null). */
export class GlobalRoleChanged {
  readonly type = 'GlobalRoleChanged';
  constructor(
    readonly userId: string,
    readonly email: string,
    readonly role: string | null,
    readonly occurredAt: string,
  ) {}
}
