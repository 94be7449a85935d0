import { BigIntType, OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** `failed`: the email could not be composed (its template failed on this data); never sent, never retried. */
export const OUTBOX_STATUSES = ['pending', 'sent', 'dead', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface OutboxAttachment {
  filename: string;
  contentType: string;
  /** base64 */
  content: string;
}

/**
 * One email, rendered and stored in the same transaction as the change that caused it; the mail
 * worker delivers it afterwards. `messageKey` makes each (recipient, purpose, subject, occurrence)
 * unique, so a repeated scan or a retried command cannot queue it twice.
 */
@Entity({ tableName: 'outbox_messages' })
@Index({ properties: ['status', 'nextAttemptAt'] })
export class OutboxMessageEntity {
  [OptionalProps]?: 'status' | 'attempts' | 'lockedUntil' | 'lastError' | 'sentAt' | 'createdAt' | 'attachments' | 'organisation';

  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true })
  id!: number;

  @Property({ type: 'string', length: 64, unique: true })
  messageKey!: string;

  @Property({ type: 'string', length: 200 })
  messageId!: string;

  @Property({ type: 'string', length: 9, nullable: true })
  organisation: string | null = null;

  @Property({ type: 'string', length: 40 })
  purpose!: string;

  @Property({ type: 'string', length: 200 })
  subjectEntity!: string;

  @Property({ type: 'string', length: 100 })
  occurrence!: string;

  @Property({ type: 'string', length: 254 })
  recipientEmail!: string;

  @Property({ type: 'string', length: 200 })
  recipientName!: string;

  @Property({ type: 'string', length: 300 })
  subject!: string;

  @Property({ type: 'text' })
  html!: string;

  @Property({ type: 'text' })
  text!: string;

  @Property({ type: 'json' })
  attachments: OutboxAttachment[] = [];

  @Property({ type: 'string', length: 12 })
  status: OutboxStatus = 'pending';

  @Property({ type: 'integer' })
  attempts = 0;

  /** Epoch milliseconds: compared in SQL the same way on both databases. */
  @Property({ type: new BigIntType('number') })
  nextAttemptAt!: number;

  @Property({ type: new BigIntType('number'), nullable: true })
  lockedUntil: number | null = null;

  @Property({ type: 'string', length: 1000, nullable: true })
  lastError: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  sentAt: Date | null = null;
}
