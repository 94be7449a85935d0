import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * The newest entry of each chain. Appending locks this row (`for update`), which is what
 * serialises every writer of one chain: commands, token issues and revocations alike.
 */
@Entity({ tableName: 'audit_heads' })
export class AuditHeadEntity {
  @PrimaryKey({ type: 'string', length: 9 })
  chain!: string;

  @Property({ type: 'integer' })
  seq!: number;

  @Property({ type: 'string', length: 64 })
  head!: string;
}
