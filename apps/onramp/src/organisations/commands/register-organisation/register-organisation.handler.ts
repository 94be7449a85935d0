import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditTrail } from '../../../audit/audit-trail';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DomainError } from '../../../shared/domain/domain-error';
import { parseOdsCode } from '../../domain/ods-code';
import { organisationView, type OrganisationView } from '../../organisation.view';
import { OrganisationEntity } from '../../persistence/organisation.entity';
import { RegisterOrganisation } from './register-organisation.command';

@CommandHandler(RegisterOrganisation)
export class RegisterOrganisationHandler implements ICommandHandler<RegisterOrganisation> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: RegisterOrganisation): Promise<OrganisationView> {
    const odsCode = parseOdsCode(command.odsCode);
    const alreadyRegistered = () =>
      new DomainError('ORGANISATION.ALREADY_REGISTERED', 'conflict', `organisation ${odsCode} is already registered`, { odsCode });
    try {
      return await this.uow.run(async (em) => {
        if (await em.findOne(OrganisationEntity, { odsCode })) throw alreadyRegistered();
        const organisation = em.create(OrganisationEntity, { odsCode, name: command.name.trim(), type: command.type });
        // Flushed first: the audit rows reference it, and the unit of work does not know that order.
        await em.persist(organisation).flush();
        const occurredAt = organisation.createdAt.toISOString();
        this.audit.append(
          em,
          organisation,
          [{ type: 'OrganisationRegistered', occurredAt, payload: { odsCode, name: organisation.name, type: organisation.type } }],
          command.meta,
        );
        return organisationView(organisation);
      });
    } catch (e) {
      // Two registrations racing: the primary key decides, the loser hears the same 409.
      if (e instanceof DomainError && e.code === 'CONCURRENT_MODIFICATION') throw alreadyRegistered();
      throw e;
    }
  }
}
