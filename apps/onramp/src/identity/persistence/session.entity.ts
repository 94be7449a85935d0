import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A signed-in browser. The cookie holds a random secret; only its sha256 is stored, as the id. */
@Entity({ tableName: 'sessions' })
@Index({ properties: ['userId'] })
export class SessionEntity {
  @PrimaryKey({ type: 'string', length: 64 })
  id!: string;

  @Property({ type: 'string', length: 36 })
  userId!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  lastSeenAt!: Date;
}
