import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ListMail, OUTBOX_STATUSES, type OutboxStatus } from '../../notifications';
import { ukDateTime } from '../../platform/rendering/template-helpers';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { Requires } from '../../shared/http/access.decorators';
import { PageRenderer } from '../page-renderer';
import { MAIL_STATUSES, purposeInWords } from './mail-words';

const PAGE_SIZE = 25;
const cursor = (value: unknown) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : undefined);

/**
 * The outbox, for administrators: who each email went to, why, whether it was sent and what the
 * mail server said, newest first, filtered by status. Never the bodies: a welcome or a reset
 * email holds a link that lets its reader set a password.
 */
@ApiExcludeController()
@Controller('admin/mail')
export class MailPage {
  constructor(
    private readonly pages: PageRenderer,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Requires('mail.read')
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    const status = (OUTBOX_STATUSES as readonly string[]).includes(String(query.status)) ? (query.status as OutboxStatus) : undefined;
    const before = cursor(query.before);
    const after = before === undefined ? cursor(query.after) : undefined;
    // One more than a page tells whether there is a page beyond it.
    const { items } = await this.queries.execute(new ListMail(status, undefined, PAGE_SIZE + 1, { before, after }));
    const more = items.length > PAGE_SIZE;
    const shown = after !== undefined ? items.slice(-PAGE_SIZE) : items.slice(0, PAGE_SIZE);
    const tz = this.config.timezone;
    const base = `/admin/mail?${status ? `status=${status}&` : ''}`;
    const newer = before !== undefined || (after !== undefined && more);
    const older = after !== undefined || more;
    this.pages.send(
      request,
      reply,
      'admin/mail',
      {
        breadcrumbs: [{ href: '/admin', label: 'Administration' }],
        filters: [
          { href: '/admin/mail', label: 'All', current: status === undefined },
          ...OUTBOX_STATUSES.map((s) => ({ href: `/admin/mail?status=${s}`, label: MAIL_STATUSES[s].filter, current: status === s })),
        ],
        statusName: status ? MAIL_STATUSES[status].filter : null,
        mail: {
          caption: status ? `Emails: ${MAIL_STATUSES[status].filter.toLowerCase()}, newest first` : 'Emails, newest first',
          head: ['Recipient', 'Subject', 'Why', 'Status', { text: 'Attempts', numeric: true }, 'Last error', 'Queued', 'Sent'],
          rows: shown.map((m) => [
            { text: m.recipient },
            { text: m.subject },
            { text: purposeInWords(m.purpose) },
            { tag: { label: MAIL_STATUSES[m.status as OutboxStatus]?.label ?? m.status, colour: MAIL_STATUSES[m.status as OutboxStatus]?.colour ?? 'grey' } },
            { text: String(m.attempts), numeric: true },
            { text: m.lastError ?? 'None' },
            { text: ukDateTime(m.createdAt, tz) },
            { text: m.sentAt ? ukDateTime(m.sentAt, tz) : 'Not yet' },
          ]),
        },
        previous: newer && shown.length ? { href: `${base}after=${shown[0].id}`, label: 'Newer emails' } : null,
        next: older && shown.length ? { href: `${base}before=${shown[shown.length - 1].id}`, label: 'Older emails' } : null,
      },
      { title: 'Outgoing mail' },
    );
  }
}
