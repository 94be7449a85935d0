import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { organisationView } from '../../organisation.view';
import { OrganisationRepository } from '../../persistence/organisation.repository';
import { GetOrganisation } from './get-organisation.query';

@QueryHandler(GetOrganisation)
export class GetOrganisationHandler implements IQueryHandler<GetOrganisation> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
  ) {}

  async execute(q: GetOrganisation) {
    return organisationView(await this.organisations.get(this.uow.reader(), q.ods));
  }
}
