import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { AccountService } from '../../accounts.service';
import { PasswordResetRequested } from '../../domain/account.events';
import { accountAccessKey } from '../../events/accounts.subscriber';
import { RequestPasswordReset } from './request-password-reset.command';

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
      const link = await this.accounts.issueLink(tx.sql, account.id, 'reset-password', null);
      tx.remember(accountAccessKey(`user:${account.id}`), { kind: 'reset-password', link });
      tx.record(null, [new PasswordResetRequested(account.id, account.email, account.name, this.clock.now().toISOString())]);
    });
  }
}
