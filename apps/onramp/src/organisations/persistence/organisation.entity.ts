import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { OrganisationType } from '../domain/ods-code';

@Entity({ tableName: 'organisations' })
export class OrganisationEntity {
  [OptionalProps]?: 'createdAt' | 'allowSelfSignOff';

  @PrimaryKey({ type: 'string', length: 9 })
  odsCode!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'string', length: 32 })
  type!: OrganisationType;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /** Four eyes: unless this is set (and the setting is audited), nobody signs off a step they completed. */
  @Property({ type: 'boolean' })
  allowSelfSignOff = false;
}
