import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { OrganisationAccessRole, PersonRole } from '../../shared/domain/roles';

@Entity({ tableName: 'people' })
@Unique({ properties: ['organisation', 'email', 'role'] })
@Index({ properties: ['organisation'] })
@Index({ properties: ['email'] })
export class PersonEntity {
  [OptionalProps]?: 'createdAt' | 'removedAt';

  @PrimaryKey({ type: 'string', length: 36 })
  id!: string;

  @Property({ type: 'string', length: 9 })
  organisation!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'string', length: 254 })
  email!: string;

  @Property({ type: 'string', length: 40 })
  role!: PersonRole;

  /** What the person may do in Onramp for this organisation (their role's duties are `role`). */
  @Property({ type: 'string', length: 32 })
  accessRole!: OrganisationAccessRole;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /** Removed people stay, so the audit trail and past assignments still name them. */
  @Property({ type: 'datetime', nullable: true })
  removedAt: Date | null = null;
}
