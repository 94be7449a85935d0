import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { organisationView } from '../../organisation.view';
import { OrganisationEntity } from '../../persistence/organisation.entity';
import { ListOrganisations } from './list-organisations.query';

@QueryHandler(ListOrganisations)
export class ListOrganisationsHandler implements IQueryHandler<ListOrganisations> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(q: ListOrganisations) {
    const rows = await this.uow.reader().find(OrganisationEntity, q.scope === 'all' ? {} : { odsCode: q.scope }, { orderBy: { odsCode: 'asc' } });
    return { items: rows.map(organisationView) };
  }
}
