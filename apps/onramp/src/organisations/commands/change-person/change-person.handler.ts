import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { assertAnImplementationLeadRemains } from '../../domain/implementation-leads';
import { personRemoved } from '../../domain/organisation.errors';
import { PersonChanged } from '../../domain/organisation.events';
import { personView, type PersonView } from '../../organisation.view';
import { OrganisationRepository } from '../../persistence/organisation.repository';
import { ChangePerson, type PersonChanges } from './change-person.command';

/**
 * Changes a person's name or access role. Only what actually changes is recorded; a request that
 * changes nothing records nothing. The organisation keeps an implementation lead throughout.
 */
@CommandHandler(ChangePerson)
export class ChangePersonHandler implements ICommandHandler<ChangePerson> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: ChangePerson): Promise<PersonView> {
    return this.uow.run(command.meta, async (tx) => {
      const { organisation, person } = await this.organisations.lockWithPerson(tx, command.organisation, command.personId);
      if (person.removedAt) throw personRemoved(person.name, organisation.name);
      const changes: PersonChanges = {};
      const name = command.changes.name?.trim();
      if (name !== undefined && name !== person.name) changes.name = name;
      if (command.changes.accessRole !== undefined && command.changes.accessRole !== person.accessRole) {
        if (person.accessRole === 'implementation-lead')
          assertAnImplementationLeadRemains(await this.organisations.people(tx.em, organisation.odsCode), person.id, 'change-access', organisation.name);
        changes.accessRole = command.changes.accessRole;
      }
      if (Object.keys(changes).length === 0) return personView(person);
      Object.assign(person, changes);
      tx.record(organisation.odsCode, [new PersonChanged(organisation.odsCode, person.id, changes, this.clock.now().toISOString())]);
      return personView(person);
    });
  }
}
