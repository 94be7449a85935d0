import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { DomainError } from '../../../shared/domain/domain-error';
import { PersonAdded } from '../../domain/organisation.events';
import { personView, type PersonView } from '../../organisation.view';
import { OrganisationRepository } from '../../persistence/organisation.repository';
import { PersonEntity } from '../../persistence/person.entity';
import { AddPerson } from './add-person.command';

@CommandHandler(AddPerson)
export class AddPersonHandler implements ICommandHandler<AddPerson> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: AddPerson): Promise<PersonView> {
    const email = command.email.trim().toLowerCase();
    return this.uow.run(command.meta, async (tx) => {
      const organisation = await this.organisations.lock(tx, command.organisation);
      const existing = await tx.em.findOne(PersonEntity, { organisation: organisation.odsCode, email, role: command.role });
      if (existing?.removedAt) {
        // Given the role again: the same row comes back, so their history stays theirs.
        Object.assign(existing, { removedAt: null, name: command.name.trim(), accessRole: command.accessRole });
        tx.record(organisation.odsCode, [
          new PersonAdded(organisation.odsCode, existing.id, existing.name, email, existing.role, this.clock.now().toISOString()),
        ]);
        return personView(existing);
      }
      if (existing) {
        throw new DomainError('PERSON.ALREADY_HOLDS_ROLE', 'conflict', `${email} already holds the ${command.role} role in ${organisation.odsCode}`, {
          field: 'email',
        });
      }
      const person = tx.em.create(PersonEntity, {
        id: randomUUID(),
        organisation: organisation.odsCode,
        name: command.name.trim(),
        email,
        role: command.role,
        accessRole: command.accessRole,
      });
      tx.em.persist(person);
      // The welcome email is the notifications context's decision: it subscribes to PersonAdded.
      tx.record(organisation.odsCode, [new PersonAdded(organisation.odsCode, person.id, person.name, email, person.role, person.createdAt.toISOString())]);
      return personView(person);
    });
  }
}
