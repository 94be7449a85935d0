import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

export type IdempotencyState = 'reserved' | 'complete';

/**
 * A POST that carried an Idempotency-Key: reserved inside the command's own transaction, then
 * completed with the response to replay to retries by the same caller. Responses are stored with
 * any secret removed, and every record expires.
 */
@Entity({ tableName: 'idempotency_keys' })
@Unique({ properties: ['principal', 'key'] })
@Index({ properties: ['expiresAt'] })
export class IdempotencyRecordEntity {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 64 })
  principal!: string;

  @Property({ type: 'string', length: 255 })
  key!: string;

  /** sha256 of method, path and body: the same key with a different request is refused. */
  @Property({ type: 'string', length: 64 })
  fingerprint!: string;

  @Property({ type: 'string', length: 12 })
  state!: IdempotencyState;

  @Property({ type: 'integer', nullable: true })
  status!: number | null;

  @Property({ type: 'text', nullable: true })
  body!: string | null;

  @Property({ type: 'json' })
  headers!: Record<string, string>;

  /** Response fields that held a secret and were not stored (comma-separated), or null: such a response is never replayed. */
  @Property({ type: 'string', length: 200, nullable: true })
  omitted!: string | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  expiresAt!: Date;
}
