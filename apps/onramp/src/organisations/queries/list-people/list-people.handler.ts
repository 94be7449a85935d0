import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { personView } from '../../organisation.view';
import { OrganisationRepository } from '../../persistence/organisation.repository';
import { ListPeople } from './list-people.query';

@QueryHandler(ListPeople)
export class ListPeopleHandler implements IQueryHandler<ListPeople> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
  ) {}

  async execute(q: ListPeople) {
    const em = this.uow.reader();
    await this.organisations.get(em, q.ods);
    const rows = await this.organisations.people(em, q.ods, { withRemoved: q.options.includeRemoved === true });
    return { items: rows.map(personView) };
  }
}
