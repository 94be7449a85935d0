import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FilterQuery } from '@mikro-orm/core';
import { Requires } from '../../../shared/http/access.decorators';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { MailEventEntity } from '../../persistence/mail-event.entity';
import { OutboxMessageEntity } from '../../persistence/outbox-message.entity';
import { ListMailQueryDto } from './list-mail.query.dto';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { MailListResponse } from './mail-list.response';

@ApiTags('mail')
@Controller('api/v1/mail')
export class ListMailController {
  constructor(private readonly uow: UnitOfWork) {}

  @Get()
  @Requires('mail.read')
  @ApiOperation({ operationId: 'listMail', summary: 'Outgoing mail, newest first (admin): status, attempts, last error and every delivery outcome' })
  @ApiOkResponse({ type: MailListResponse })
  @ApiProblems(400)
  async list(@Query() query: ListMailQueryDto) {
    const em = this.uow.reader();
    const where: FilterQuery<OutboxMessageEntity> = {};
    if (query.status) where.status = query.status;
    if (query.organisation) where.organisation = query.organisation.toUpperCase();
    const rows = await em.find(OutboxMessageEntity, where, { orderBy: { id: 'desc' }, limit: query.limit ?? 100 });
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
