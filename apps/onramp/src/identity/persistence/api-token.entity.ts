import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { AccessRole } from '../../shared/domain/roles';

/** Only the sha256 of a token is stored; the token itself is shown once, when it is created. */
@Entity({ tableName: 'api_tokens' })
export class ApiTokenEntity {
  [OptionalProps]?: 'createdAt' | 'revokedAt' | 'userId';

  @PrimaryKey({ type: 'string', length: 36 })
  id!: string;

  @Property({ type: 'string', length: 64, unique: true })
  tokenHash!: string;

  /** Null for global roles (national team). */
  @Property({ type: 'string', length: 9, nullable: true })
  organisation!: string | null;

  @Property({ type: 'string', length: 32 })
  role!: AccessRole;

  @Property({ type: 'string', length: 100 })
  label!: string;

  @Property({ type: 'string', length: 64 })
  createdBy!: string;

  /** A personal access token's owner (it acts as that person); null for an integration's token. */
  @Property({ type: 'string', length: 36, nullable: true })
  userId: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;
}
