import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { CLOCK, type Clock } from '../../shared/domain/clock';
import { messageIdFor, messageKey, type MessageIdentity } from '../domain/message-identity';
import { OutboxMessageEntity, type OutboxAttachment } from '../persistence/outbox-message.entity';
import { TEMPLATE_ENGINE, type TemplateEngine } from '../templates/template-engine';
import type { EmailTemplateName } from '../templates/template-models';

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
 * commits. Rendering here (not at send time) means a template error fails the command loudly and a
 * retried send is byte-for-byte the message that was queued.
 */
@Injectable()
export class Outbox {
  /** Keys queued in a transaction that has not flushed yet. */
  private readonly queued = new WeakMap<EntityManager, Set<string>>();

  constructor(
    @Inject(TEMPLATE_ENGINE) private readonly templates: TemplateEngine,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Returns false when this (recipient, purpose, subject, occurrence) was already queued. */
  async enqueue(em: EntityManager, email: QueuedEmail): Promise<boolean> {
    const key = messageKey(email.identity);
    const queuedHere = this.queued.get(em) ?? new Set<string>();
    if (queuedHere.has(key) || (await em.findOne(OutboxMessageEntity, { messageKey: key }))) return false;
    queuedHere.add(key);
    this.queued.set(em, queuedHere);
    const rendered = this.templates.renderEmail(email.template, email.data);
    em.persist(
      em.create(OutboxMessageEntity, {
        messageKey: key,
        messageId: messageIdFor(key, this.config.mailFrom),
        organisation: email.organisation,
        purpose: email.identity.purpose,
        subjectEntity: email.identity.subjectEntity.slice(0, 200),
        occurrence: email.identity.occurrence.slice(0, 100),
        recipientEmail: email.identity.recipient,
        recipientName: email.recipientName.slice(0, 200),
        subject: rendered.subject.slice(0, 300),
        html: rendered.html,
        text: rendered.text,
        attachments: email.attachments ?? [],
        nextAttemptAt: this.clock.now().getTime(),
      }),
    );
    return true;
  }
}
