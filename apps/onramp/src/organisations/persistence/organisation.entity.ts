import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { OrganisationType } from '../domain/ods-code';

@Entity({ tableName: 'organisations' })
export class OrganisationEntity {
  [OptionalProps]?: 'auditSeq' | 'auditHead' | 'createdAt';

  @PrimaryKey({ type: 'string', length: 9 })
  odsCode!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'string', length: 32 })
  type!: OrganisationType;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /** Head of the organisation's audit hash chain: detects deletion of the newest entries. */
  @Property({ type: 'integer' })
  auditSeq = 0;

  @Property({ type: 'string', length: 64 })
  auditHead = '';
}
