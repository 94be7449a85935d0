import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { OnboardingRunSnapshot } from '../domain/onboarding-run';

/** One row per organisation; the aggregate's state is a JSON document guarded by an optimistic version. */
@Entity({ tableName: 'onboarding_runs' })
export class OnboardingRunEntity {
  [OptionalProps]?: 'version' | 'updatedAt';

  @PrimaryKey({ type: 'string', length: 36 })
  id!: string;

  @Property({ type: 'string', length: 9, unique: true })
  organisation!: string;

  @Property({ type: 'string', length: 32 })
  catalogueVersion!: string;

  @Property({ type: 'string', length: 10 })
  goLiveDate!: string;

  @Property({ type: 'json' })
  state!: OnboardingRunSnapshot;

  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();
}
