import { Injectable } from '@nestjs/common';
import { PersonAdded, PersonChanged, PersonInvitedAgain } from '../../organisations';
import type { Transaction } from '../../platform/database/transaction';
import type { EventMessage } from '../../platform/events/event-message';
import { SUBSCRIBER_ORDER, TransactionalSubscriber, type EventSubscriber } from '../../platform/events/transactional-subscriber';
import { AccountService } from '../accounts.service';

/** How the welcome email lets a person in: a link to set their password, or (they have one) to sign in. */
export interface AccountAccess {
  kind: 'set-password' | 'sign-in' | 'reset-password';
  link: string;
}

/**
 * The key under which an email finds the link this transaction made (a person's id for a welcome,
 * `user:<id>` for a reset): the secret lives in the transaction's memory and the email, never in an event.
 */
export const accountAccessKey = (subject: string) => `account-access:${subject}`;

/**
 * Adding a person gives them an account (one per email) and, for an account without a password,
 * a single-use link to set one; the welcome email, composed later in the same transaction, carries
 * it. The link's secret lives only in the transaction's memory and the email, never in an event.
 * A person's name corrected by their organisation is their account's name from then on: one
 * person, one name, in the header, the audit trail and every email.
 */
@Injectable()
@TransactionalSubscriber({ order: SUBSCRIBER_ORDER.readModels, name: 'accounts' })
export class AccountsSubscriber implements EventSubscriber {
  constructor(private readonly accounts: AccountService) {}

  async handle(tx: Transaction, messages: readonly EventMessage[]): Promise<void> {
    for (const { event } of messages) {
      if (event instanceof PersonChanged && event.changes.name !== undefined) {
        await tx.sql.execute('update users set name = ? where email = (select email from people where id = ?)', [event.changes.name, event.personId]);
        continue;
      }
      if (!(event instanceof PersonAdded) && !(event instanceof PersonInvitedAgain)) continue;
      const account = await this.accounts.ensure(tx.sql, event.email, event.name);
      const access: AccountAccess = account.passwordHash
        ? { kind: 'sign-in', link: this.accounts.signInLink(`/organisations/${event.organisation}`) }
        : { kind: 'set-password', link: await this.accounts.issueLink(tx.sql, account.id, 'set-password', `/organisations/${event.organisation}`) };
      tx.remember(accountAccessKey(event.personId), access);
    }
  }
}
