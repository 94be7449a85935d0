import { BigIntType } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

export type MailEventType = 'MailSent' | 'MailDeferred' | 'MailDeadLettered' | 'MailComposeFailed';

/** Append-only record of every delivery attempt's outcome, and of emails that could not be composed (attempt 0). */
@Entity({ tableName: 'mail_events' })
@Index({ properties: ['outboxId'] })
export class MailEventEntity {
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true })
  id!: number;

  @Property({ type: new BigIntType('number') })
  outboxId!: number;

  @Property({ type: 'string', length: 20 })
  type!: MailEventType;

  @Property({ type: 'integer' })
  attempt!: number;

  @Property({ type: 'string', length: 1000 })
  detail!: string;

  @Property({ type: 'datetime' })
  at: Date = new Date();
}
