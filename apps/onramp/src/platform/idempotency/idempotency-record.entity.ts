import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/** The first response to a POST carrying an Idempotency-Key, replayed to retries by the same caller. */
@Entity({ tableName: 'idempotency_keys' })
@Unique({ properties: ['principal', 'key'] })
export class IdempotencyRecordEntity {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 64 })
  principal!: string;

  @Property({ type: 'string', length: 255 })
  key!: string;

  /** sha256 of method, path and body: the same key with a different request is refused. */
  @Property({ type: 'string', length: 64 })
  fingerprint!: string;

  @Property({ type: 'integer' })
  status!: number;

  @Property({ type: 'text' })
  body!: string;

  @Property({ type: 'json' })
  headers!: Record<string, string>;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
