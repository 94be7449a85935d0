import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { PersonRole } from '../../shared/domain/roles';

@Entity({ tableName: 'people' })
@Unique({ properties: ['organisation', 'email', 'role'] })
@Index({ properties: ['organisation'] })
export class PersonEntity {
  [OptionalProps]?: 'createdAt';

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

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
