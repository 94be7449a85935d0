import { Query } from '@nestjs/cqrs';

/**
 * `invited`: the person has an account but has not set a password nor signed in yet (their
 * welcome link is what lets them in); `active`: they have. `none`: no account for that email.
 */
export type AccountStatus = 'invited' | 'active' | 'none';

/** Where each of these people's accounts stands, by (lower-case) email. */
export class ListAccountStatuses extends Query<Map<string, AccountStatus>> {
  constructor(readonly emails: readonly string[]) {
    super();
  }
}
