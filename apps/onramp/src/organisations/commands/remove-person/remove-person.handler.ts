import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { assertAnImplementationLeadRemains } from '../../domain/implementation-leads';
import { PersonRemoved } from '../../domain/organisation.events';
import { personView, type PersonView } from '../../organisation.view';
import { OrganisationRepository } from '../../persistence/organisation.repository';
import { RemovePerson } from './remove-person.command';

/**
 * Ends a person's role, keeping the row: the audit trail, sign-offs and past assignments still
 * name them, and adding them to the role again brings the same row back. Their account loses
 * this organisation at its next request (sessions and personal tokens included). Removing someone
 * already removed changes nothing.
 */
@CommandHandler(RemovePerson)
export class RemovePersonHandler implements ICommandHandler<RemovePerson> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: RemovePerson): Promise<PersonView> {
    return this.uow.run(command.meta, async (tx) => {
      const { organisation, person } = await this.organisations.lockWithPerson(tx, command.organisation, command.personId);
      if (person.removedAt) return personView(person);
      assertAnImplementationLeadRemains(await this.organisations.people(tx.em, organisation.odsCode), person.id, 'remove', organisation.name);
      person.removedAt = this.clock.now();
      tx.record(organisation.odsCode, [new PersonRemoved(organisation.odsCode, person.id, person.name, person.role, person.removedAt.toISOString())]);
      return personView(person);
    });
  }
}
