import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditTrail } from '../../../audit/audit-trail';
import { NotificationPlanner } from '../../../notifications/mail/notification-planner';
import { OnboardingRunRepository } from '../../../onboarding/persistence/onboarding-run.repository';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DomainError } from '../../../shared/domain/domain-error';
import { personView, type PersonView } from '../../organisation.view';
import { PersonEntity } from '../../persistence/person.entity';
import { AddPerson } from './add-person.command';

@CommandHandler(AddPerson)
export class AddPersonHandler implements ICommandHandler<AddPerson> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditTrail,
    private readonly notifications: NotificationPlanner,
    private readonly runs: OnboardingRunRepository,
  ) {}

  async execute(command: AddPerson): Promise<PersonView> {
    const email = command.email.trim().toLowerCase();
    return this.uow.forOrganisation(command.organisation, async (em, organisation) => {
      if (await em.findOne(PersonEntity, { organisation: organisation.odsCode, email, role: command.role })) {
        throw new DomainError('PERSON.ALREADY_HOLDS_ROLE', 'conflict', `${email} already holds the ${command.role} role in ${organisation.odsCode}`, {
          field: 'email',
        });
      }
      const person = em.create(PersonEntity, { id: randomUUID(), organisation: organisation.odsCode, name: command.name.trim(), email, role: command.role });
      em.persist(person);
      this.audit.append(
        em,
        organisation,
        [{ type: 'PersonAdded', occurredAt: person.createdAt.toISOString(), payload: { personId: person.id, name: person.name, email, role: person.role } }],
        command.meta,
      );
      await this.notifications.onPersonAdded(em, organisation, person, await this.runs.find(em, organisation.odsCode));
      return personView(person);
    });
  }
}
