import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { GlobalAccessRole } from '../../shared/domain/roles';

/**
 * A person's one account. Their roles in organisations are the organisations' `people` rows with
 * the same email; a global role (national team, admin) is held here.
 */
@Entity({ tableName: 'users' })
export class UserEntity {
  [OptionalProps]?: 'createdAt' | 'passwordHash' | 'passwordSetAt' | 'globalRole';

  @PrimaryKey({ type: 'string', length: 36 })
  id!: string;

  /** Lower-cased; unique. */
  @Property({ type: 'string', length: 254, unique: true })
  email!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  /** `scrypt$…` (see passwords.ts); null until the person sets one (or for people who only use single sign-on). */
  @Property({ type: 'string', length: 200, nullable: true })
  passwordHash: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  passwordSetAt: Date | null = null;

  @Property({ type: 'string', length: 32, nullable: true })
  globalRole: GlobalAccessRole | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
