import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { FilterQuery } from '@mikro-orm/core';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { MailEventEntity } from '../../persistence/mail-event.entity';
import { OutboxMessageEntity } from '../../persistence/outbox-message.entity';
import { ListMail } from './list-mail.query';

@QueryHandler(ListMail)
export class ListMailHandler implements IQueryHandler<ListMail> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(q: ListMail) {
    const em = this.uow.reader();
    const where: FilterQuery<OutboxMessageEntity> = {};
    if (q.status) where.status = q.status;
    if (q.organisation) where.organisation = q.organisation.toUpperCase();
    if (q.page.before !== undefined) where.id = { $lt: q.page.before };
    // The page just newer than `after`: read upwards from it, then shown newest first like the rest.
    const upwards = q.page.after !== undefined && q.page.before === undefined;
    if (upwards) where.id = { $gt: q.page.after };
    const found = await em.find(OutboxMessageEntity, where, { orderBy: { id: upwards ? 'asc' : 'desc' }, limit: q.limit });
    const rows = upwards ? found.reverse() : found;
    const events = rows.length ? await em.find(MailEventEntity, { outboxId: { $in: rows.map((r) => r.id) } }, { orderBy: { id: 'asc' } }) : [];
    return {
      items: rows.map((r) => ({
        id: r.id,
        status: r.status,
        purpose: r.purpose,
        organisation: r.organisation,
        recipient: r.recipientEmail,
        subject: r.subject,
        messageId: r.messageId,
        attempts: r.attempts,
        lastError: r.lastError,
        nextAttemptAt: r.status === 'pending' ? new Date(r.nextAttemptAt).toISOString() : null,
        createdAt: r.createdAt.toISOString(),
        sentAt: r.sentAt?.toISOString() ?? null,
        events: events.filter((e) => e.outboxId === r.id).map((e) => ({ type: e.type, attempt: e.attempt, at: e.at.toISOString(), detail: e.detail })),
      })),
    };
  }
}
