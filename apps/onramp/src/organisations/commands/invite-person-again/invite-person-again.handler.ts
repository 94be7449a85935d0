import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { personRemoved } from '../../domain/organisation.errors';
import { PersonInvitedAgain } from '../../domain/organisation.events';
import { OrganisationRepository } from '../../persistence/organisation.repository';
import { InvitePersonAgain, type Invitation } from './invite-person-again.command';

/**
 * Records that a person was invited again: identity makes a new single-use link and notifications
 * queues the welcome with it, in this transaction (see AccountsSubscriber, MailReactionsSubscriber).
 */
@CommandHandler(InvitePersonAgain)
export class InvitePersonAgainHandler implements ICommandHandler<InvitePersonAgain> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: InvitePersonAgain): Promise<Invitation> {
    return this.uow.run(command.meta, async (tx) => {
      const { organisation, person } = await this.organisations.lockWithPerson(tx, command.organisation, command.personId);
      if (person.removedAt) throw personRemoved(person.name, organisation.name);
      const invitedAt = this.clock.now().toISOString();
      tx.record(organisation.odsCode, [new PersonInvitedAgain(organisation.odsCode, person.id, person.name, person.email, person.role, invitedAt)]);
      return { personId: person.id, email: person.email, invitedAt };
    });
  }
}
