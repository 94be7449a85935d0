import type { FilterQuery } from '@mikro-orm/core';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { OrganisationRepository } from '../../../organisations';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { AuditEventEntity } from '../../persistence/audit-event.entity';
import { ListAudit } from './list-audit.query';

/** The events that name a checklist step in their payload (`stepId`). */
const STEP_EVENTS = ['StepAssigned', 'StepStarted', 'StepCompleted', 'StepSignedOff', 'StepWaived', 'StepReopened'];

@QueryHandler(ListAudit)
export class ListAuditHandler implements IQueryHandler<ListAudit> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
  ) {}

  async execute(q: ListAudit) {
    const em = this.uow.reader();
    await this.organisations.get(em, q.ods);
    const { since, stepId, newestFirst = false, before, types } = q.filter;
    const seq = newestFirst ? (before === undefined ? undefined : { $lt: before }) : { $gt: q.after };
    const where: FilterQuery<AuditEventEntity> = { organisation: q.ods, ...(seq ? { seq } : {}), ...(types ? { type: { $in: [...types] } } : {}) };
    if (since !== undefined) where.occurredAt = { $gte: since };
    // A step's entries: the step event types, narrowed by the payload's text (canonical JSON, so
    // `"stepId":"…"` is spelled one way) and then checked exactly, since LIKE reads % and _ as
    // wildcards. A step has a handful of entries, so they are filtered before the limit applies.
    if (stepId !== undefined) Object.assign(where, { type: { $in: STEP_EVENTS }, payload: { $like: `%${JSON.stringify({ stepId }).slice(1, -1)}%` } });
    const found = await em.find(AuditEventEntity, where, {
      orderBy: { seq: newestFirst ? 'desc' : 'asc' },
      ...(stepId === undefined ? { limit: q.limit } : {}),
    });
    const entries = found.map((r) => ({ row: r, payload: JSON.parse(r.payload) as Record<string, unknown> }));
    const rows = (stepId === undefined ? entries : entries.filter((e) => e.payload.stepId === stepId)).slice(0, q.limit);
    return {
      items: rows.map(({ row: r, payload }) => ({
        seq: r.seq,
        type: r.type,
        occurredAt: r.occurredAt,
        actor: { id: r.actorId, role: r.actorRole, label: r.actorLabel },
        eventId: r.eventId,
        causationId: r.causationId,
        correlationId: r.correlationId,
        payload,
        prevHash: r.prevHash,
        hash: r.hash,
      })),
      nextAfter: !newestFirst && rows.length === q.limit ? rows[rows.length - 1].row.seq : null,
    };
  }
}
