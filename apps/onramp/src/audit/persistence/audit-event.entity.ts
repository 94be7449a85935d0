import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/** Append-only: rows are inserted, never updated or deleted by Onramp. */
@Entity({ tableName: 'audit_events' })
@Unique({ properties: ['organisation', 'seq'] })
export class AuditEventEntity {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  /** The chain: an organisation's ODS code, or `*` for events outside any organisation. */
  @Property({ type: 'string', length: 9 })
  organisation!: string;

  @Property({ type: 'integer' })
  seq!: number;

  @Property({ type: 'string', length: 64 })
  type!: string;

  @Property({ type: 'text' })
  payload!: string;

  @Property({ type: 'string', length: 64 })
  actorId!: string;

  @Property({ type: 'string', length: 32 })
  actorRole!: string;

  @Property({ type: 'string', length: 200, nullable: true })
  actorLabel!: string | null;

  @Property({ type: 'string', length: 30 })
  occurredAt!: string;

  @Property({ type: 'string', length: 64 })
  correlationId!: string;

  @Property({ type: 'string', length: 36, nullable: true })
  eventId!: string | null;

  @Property({ type: 'string', length: 64, nullable: true })
  causationId!: string | null;

  @Property({ type: 'integer' })
  hashVersion!: number;

  @Property({ type: 'string', length: 64 })
  prevHash!: string;

  @Property({ type: 'string', length: 64 })
  hash!: string;

  /** HMAC of the hash with a key the database never holds: an entry written by anyone else is detected. */
  @Property({ type: 'string', length: 64, nullable: true })
  mac!: string | null;
}
