import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { StoredRunState } from '../domain/onboarding-run';

/**
 * One row per organisation: the run's own state as a compact JSON document (the checklist is
 * referenced by hash, untouched steps are left out), guarded by an optimistic version.
 */
@Entity({ tableName: 'onboarding_runs' })
export class OnboardingRunEntity {
  [OptionalProps]?: 'version' | 'updatedAt';

  @PrimaryKey({ type: 'string', length: 36 })
  id!: string;

  @Property({ type: 'string', length: 9, unique: true })
  organisation!: string;

  @Property({ type: 'string', length: 64 })
  checklistHash!: string;

  @Property({ type: 'string', length: 10 })
  goLiveDate!: string;

  @Property({ type: 'json' })
  state!: StoredRunState;

  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();
}
