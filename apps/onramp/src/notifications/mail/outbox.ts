import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { sqlOf } from '../../platform/database/sql-executor';
import { JOB_RUNNER, type JobRunner } from '../../platform/jobs/job-runner';
import { LOGGER } from '../../platform/logging/logger';
import { MAIL_DELIVERY_QUEUE } from './mail-queues';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { CLOCK, type Clock } from '../../shared/domain/clock';
import { messageIdFor, messageKey, type MessageIdentity } from '../domain/message-identity';
import { MailEventEntity } from '../persistence/mail-event.entity';
import { OutboxMessageEntity, type OutboxAttachment } from '../persistence/outbox-message.entity';
import { TEMPLATE_ENGINE, TemplateRenderError, type TemplateEngine } from '../../platform/rendering/template-engine';
import type { EmailTemplateName } from '../../platform/rendering/template-models';

export interface QueuedEmail {
  identity: MessageIdentity;
  recipientName: string;
  organisation: string | null;
  template: EmailTemplateName;
  data: object;
  attachments?: OutboxAttachment[];
}

/**
 * Renders an email and queues it in the caller's transaction: it is sent only if that transaction
 * commits. Rendering here (not at send time) means a retried send is byte-for-byte the message that
 * was queued. A template that cannot render this data (start-up renders every template from its
 * fixture, so this is data the fixture did not foresee) never fails the change that caused the
 * email: the message is stored as `failed` with the error, a `MailComposeFailed` event and a
 * warning in the log, and the change commits.
 */
@Injectable()
export class Outbox {
  /** Keys queued in a transaction that has not flushed yet. */
  private readonly queued = new WeakMap<EntityManager, Set<string>>();

  constructor(
    @Inject(TEMPLATE_ENGINE) private readonly templates: TemplateEngine,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(JOB_RUNNER) private readonly jobs: JobRunner,
  ) {}

  /**
   * Returns false when this (recipient, purpose, subject, occurrence) was already queued (or failed
   * to compose: a failed message is not retried).
   */
  async enqueue(em: EntityManager, email: QueuedEmail): Promise<boolean> {
    const key = messageKey(email.identity);
    const queuedHere = this.queued.get(em) ?? new Set<string>();
    const sql = sqlOf(em, this.config.database.kind);
    if (queuedHere.has(key) || (await sql.one('select id from outbox_messages where message_key = ?', [key]))) return false;
    queuedHere.add(key);
    this.queued.set(em, queuedHere);
    let rendered: ReturnType<TemplateEngine['renderEmail']>;
    try {
      rendered = this.templates.renderEmail(email.template, email.data);
    } catch (e) {
      if (!(e instanceof TemplateRenderError)) throw e;
      await this.recordComposeFailure(em, email, key, e);
      return true;
    }
    const now = this.clock.now();
    const [row] = await sql.query<{ id: number | string }>(
      `insert into outbox_messages (message_key, message_id, organisation, purpose, subject_entity, occurrence, recipient_email, recipient_name, subject, html, text, attachments, status, attempts, next_attempt_at, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) returning id`,
      [
        key,
        messageIdFor(key, this.config.mailFrom),
        email.organisation,
        email.identity.purpose,
        email.identity.subjectEntity.slice(0, 200),
        email.identity.occurrence.slice(0, 100),
        email.identity.recipient,
        email.recipientName.slice(0, 200),
        rendered.subject.slice(0, 300),
        rendered.html,
        rendered.text,
        sql.json(email.attachments ?? []),
        now.getTime(),
        sql.instant(now),
      ],
    );
    // Delivery is a job, queued in the same transaction: it exists only if the email does.
    await this.jobs.send(MAIL_DELIVERY_QUEUE, { outboxId: Number(row.id) }, { singletonKey: `outbox-${row.id}` }, em);
    return true;
  }

  /**
   * Written at once (not at flush) because the event needs the message's id; both rows are in the
   * caller's transaction all the same. The stored error is the template error's summary: one line,
   * file and problem, no value from the data.
   */
  private async recordComposeFailure(em: EntityManager, email: QueuedEmail, key: string, error: TemplateRenderError) {
    const now = this.clock.now();
    const lastError = `cannot compose the ${email.template} email: ${error.details.summary}`.replace(/\s+/g, ' ').slice(0, 1000);
    const message = em.create(
      OutboxMessageEntity,
      {
        messageKey: key,
        messageId: messageIdFor(key, this.config.mailFrom),
        organisation: email.organisation,
        purpose: email.identity.purpose,
        subjectEntity: email.identity.subjectEntity.slice(0, 200),
        occurrence: email.identity.occurrence.slice(0, 100),
        recipientEmail: email.identity.recipient,
        recipientName: email.recipientName.slice(0, 200),
        subject: `(not composed: the ${email.template} template failed)`,
        html: '',
        text: '',
        attachments: [],
        status: 'failed',
        lastError,
        nextAttemptAt: now.getTime(),
        createdAt: now,
      },
      { persist: false },
    );
    const outboxId = await em.insert(message);
    await em.insert(em.create(MailEventEntity, { outboxId, type: 'MailComposeFailed', attempt: 0, detail: lastError, at: now }, { persist: false }));
    this.logger.warn(
      {
        outboxId,
        template: email.template,
        file: error.details.file,
        purpose: email.identity.purpose,
        organisation: email.organisation,
        error: error.details.summary,
      },
      'email not composed: its template failed; stored as failed and not sent',
    );
  }
}
