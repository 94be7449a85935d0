import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DomainError } from '../../../shared/domain/domain-error';
import { parseOdsCode } from '../../domain/ods-code';
import { OrganisationRegistered } from '../../domain/organisation.events';
import { organisationView, type OrganisationView } from '../../organisation.view';
import { OrganisationEntity } from '../../persistence/organisation.entity';
import { RegisterOrganisation } from './register-organisation.command';

@CommandHandler(RegisterOrganisation)
export class RegisterOrganisationHandler implements ICommandHandler<RegisterOrganisation> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(command: RegisterOrganisation): Promise<OrganisationView> {
    const odsCode = parseOdsCode(command.odsCode);
    const alreadyRegistered = () =>
      new DomainError('ORGANISATION.ALREADY_REGISTERED', 'conflict', `organisation ${odsCode} is already registered`, { odsCode });
    try {
      return await this.uow.run(command.meta, async (tx) => {
        if (await tx.em.findOne(OrganisationEntity, { odsCode })) throw alreadyRegistered();
        const organisation = tx.em.create(OrganisationEntity, { odsCode, name: command.name.trim(), type: command.type });
        // Flushed first: the audit chain and read models of the organisation refer to its row.
        await tx.em.persist(organisation).flush();
        tx.record(odsCode, [new OrganisationRegistered(odsCode, organisation.name, organisation.type, organisation.createdAt.toISOString())]);
        return organisationView(organisation);
      });
    } catch (e) {
      // Two registrations racing: the primary key decides, the loser hears the same 409.
      if (e instanceof DomainError && e.code === 'CONCURRENT_MODIFICATION') throw alreadyRegistered();
      throw e;
    }
  }
}
