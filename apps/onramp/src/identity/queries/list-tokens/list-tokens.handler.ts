import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { ApiTokenEntity } from '../../persistence/api-token.entity';
import { ListTokens } from './list-tokens.query';

@QueryHandler(ListTokens)
export class ListTokensHandler implements IQueryHandler<ListTokens> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(q: ListTokens) {
    const where = q.ownedBy === 'all' ? {} : { userId: q.ownedBy.userId };
    const rows = await this.uow.reader().find(ApiTokenEntity, where, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return {
      items: rows.map((t) => ({
        id: t.id,
        organisation: t.organisation,
        role: t.role,
        label: t.label,
        createdBy: t.createdBy,
        createdAt: t.createdAt.toISOString(),
        revokedAt: t.revokedAt?.toISOString() ?? null,
        userId: t.userId,
      })),
    };
  }
}
