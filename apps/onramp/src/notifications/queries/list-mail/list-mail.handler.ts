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
    const rows = await em.find(OutboxMessageEntity, where, { orderBy: { id: 'desc' }, limit: q.limit });
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
