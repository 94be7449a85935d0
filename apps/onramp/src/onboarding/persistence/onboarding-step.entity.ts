import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * Read model: one row per step of every run, written by {@link OnboardingStepsProjection} in the
 * command's transaction. Indexed for "my steps across organisations" (assignee, owner role) and
 * for filtering one checklist by status, area and due date. Whether a step is overdue depends on
 * the day it is read, so queries compute it from `dueDate` and `status` for today.
 */
@Entity({ tableName: 'onboarding_steps' })
@Index({ properties: ['assigneeId', 'dueDate'] })
@Index({ properties: ['ownerRole', 'status', 'dueDate'] })
@Index({ properties: ['organisation', 'status'] })
@Index({ properties: ['organisation', 'area'] })
@Index({ properties: ['organisation', 'dueDate'] })
export class OnboardingStepRow {
  @PrimaryKey({ type: 'string', length: 9 })
  organisation!: string;

  @PrimaryKey({ type: 'string', length: 120 })
  stepId!: string;

  @Property({ type: 'string', length: 36 })
  runId!: string;

  /** Place in the checklist's dependency order. */
  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'string', length: 200 })
  title!: string;

  @Property({ type: 'string', length: 40 })
  area!: string;

  @Property({ type: 'string', length: 40 })
  ownerRole!: string;

  @Property({ type: 'string', length: 20 })
  status!: string;

  @Property({ type: 'string', length: 36, nullable: true })
  assigneeId!: string | null;

  @Property({ type: 'string', length: 10 })
  dueDate!: string;

  @Property({ type: 'boolean' })
  gate!: boolean;

  @Property({ type: 'string', length: 40, nullable: true })
  signOffRole!: string | null;

  /** Completed and waiting for a holder of `signOffRole`. */
  @Property({ type: 'boolean' })
  signOffNeeded!: boolean;

  @Property({ type: 'boolean' })
  settled!: boolean;

  @Property({ type: 'string', length: 30, nullable: true })
  settledAt!: string | null;

  /** `core` or the plugin that added the step. */
  @Property({ type: 'string', length: 60 })
  addedBy!: string;
}
