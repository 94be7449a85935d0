import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { FilterQuery } from '@mikro-orm/core';
import { OrganisationRepository } from '../../../organisations';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { AuditEventEntity } from '../../persistence/audit-event.entity';
import { ListAudit } from './list-audit.query';

@QueryHandler(ListAudit)
export class ListAuditHandler implements IQueryHandler<ListAudit> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
  ) {}

  async execute(q: ListAudit) {
    const em = this.uow.reader();
    await this.organisations.get(em, q.ods);
    const { newestFirst = false, before, types } = q.reading;
    const seq = newestFirst ? (before === undefined ? undefined : { $lt: before }) : { $gt: q.after };
    const where: FilterQuery<AuditEventEntity> = { organisation: q.ods, ...(seq ? { seq } : {}), ...(types ? { type: { $in: [...types] } } : {}) };
    const rows = await em.find(AuditEventEntity, where, { orderBy: { seq: newestFirst ? 'desc' : 'asc' }, limit: q.limit });
    return {
      items: rows.map((r) => ({
        seq: r.seq,
        type: r.type,
        occurredAt: r.occurredAt,
        actor: { id: r.actorId, role: r.actorRole, label: r.actorLabel },
        eventId: r.eventId,
        causationId: r.causationId,
        correlationId: r.correlationId,
        payload: JSON.parse(r.payload) as Record<string, unknown>,
        prevHash: r.prevHash,
        hash: r.hash,
      })),
      // Reading backwards, the caller pages with `before` (the last seq it got); `after` is for reading forwards.
      nextAfter: !newestFirst && rows.length === q.limit ? rows[rows.length - 1].seq : null,
    };
  }
}
