import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { AccountService } from '../../accounts.service';
import { PasswordResetRequested } from '../../domain/account.events';
import { accountAccessKey } from '../../events/accounts.subscriber';
import { RequestPasswordReset } from './request-password-reset.command';

/** However often a reset is asked for, an account is sent at most one link in this long. */
export const RESET_EMAIL_EVERY_MS = 15 * 60_000;

@CommandHandler(RequestPasswordReset)
export class RequestPasswordResetHandler implements ICommandHandler<RequestPasswordReset> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly accounts: AccountService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(c: RequestPasswordReset): Promise<void> {
    const account = await this.accounts.byEmail(c.email);
    if (!account) return;
    // Whoever asked is not known: the trail says so, and names the account.
    const actor = { id: 'sign-in-page', role: 'viewer' as const, label: 'someone at the sign-in page' };
    await this.uow.run({ actor, correlationId: c.correlationId }, async (tx) => {
      // A sliding window, judged by the links themselves: a link issued in the last 15 minutes means
      // the email is on its way, so nothing is issued, sent or recorded. (Fixed 15-minute slots let
      // a request a minute after another through whenever the two fell either side of a boundary.)
      const since = new Date(this.clock.now().getTime() - RESET_EMAIL_EVERY_MS);
      const recent = await tx.sql.one<{ found: unknown }>(
        "select 1 as found from account_links where user_id = ? and purpose = 'reset-password' and created_at > ? limit 1",
        [account.id, tx.sql.instant(since)],
      );
      if (recent) return;
      const link = await this.accounts.issueLink(tx.sql, account.id, 'reset-password', null);
      tx.remember(accountAccessKey(`user:${account.id}`), { kind: 'reset-password', link });
      tx.record(null, [new PasswordResetRequested(account.id, account.email, account.name, this.clock.now().toISOString())]);
    });
  }
}
