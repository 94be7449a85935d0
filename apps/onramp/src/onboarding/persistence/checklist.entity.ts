import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { StepDefinition } from '../../shared/domain/step-definition';
import type { PluginPin } from '../domain/checklist-diff';

/** One checklist (catalogue version, plugin versions, definitions), stored once and addressed by the sha256 of its content. */
@Entity({ tableName: 'checklists' })
export class ChecklistEntity {
  @PrimaryKey({ type: 'string', length: 64 })
  hash!: string;

  @Property({ type: 'string', length: 32 })
  catalogueVersion!: string;

  @Property({ type: 'json' })
  plugins!: PluginPin[];

  @Property({ type: 'json' })
  definitions!: StepDefinition[];

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
