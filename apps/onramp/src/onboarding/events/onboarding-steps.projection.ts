import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import type { Transaction } from '../../platform/database/transaction';
import type { EventMessage } from '../../platform/events/event-message';
import { SUBSCRIBER_ORDER, TransactionalSubscriber, type EventSubscriber } from '../../platform/events/transactional-subscriber';
import { isSettled, type OnboardingRun } from '../domain/onboarding-run';
import { OnboardingEvent, StepAssigned, StepCompleted, StepReopened, StepSignedOff, StepStarted, StepWaived } from '../domain/onboarding.events';
import { OnboardingStepRow } from '../persistence/onboarding-step.entity';
import { savedRunKey } from '../persistence/onboarding-run.repository';

/** Events that change one step only: its row is updated; anything else rewrites the run's rows. */
const ONE_STEP = [StepAssigned, StepStarted, StepCompleted, StepSignedOff, StepWaived, StepReopened];

/** Keeps `onboarding_steps` in step with every run, in the command's transaction. */
@Injectable()
@TransactionalSubscriber({ order: SUBSCRIBER_ORDER.readModels, name: 'onboarding-steps' })
export class OnboardingStepsProjection implements EventSubscriber {
  async handle(tx: Transaction, messages: readonly EventMessage[]): Promise<void> {
    const byOrganisation = new Map<string, OnboardingEvent[]>();
    for (const { event } of messages) {
      if (event instanceof OnboardingEvent) byOrganisation.set(event.organisation, [...(byOrganisation.get(event.organisation) ?? []), event]);
    }
    for (const [ods, events] of byOrganisation) {
      const run = tx.recall<OnboardingRun>(savedRunKey(ods));
      if (!run) throw new Error(`the onboarding run of ${ods} changed but was not saved in this transaction`);
      if (events.every((e) => ONE_STEP.some((type) => e instanceof type))) {
        for (const stepId of new Set(events.map((e) => (e as OnboardingEvent & { stepId: string }).stepId))) await this.writeStep(tx, run, stepId);
      } else await this.writeAll(tx.em, run);
    }
  }

  /** Replaces every row of the run: used on start, checklist adoption, go-live changes and rebuilds. */
  async writeAll(em: EntityManager, run: OnboardingRun): Promise<void> {
    await em.nativeDelete(OnboardingStepRow, { organisation: run.organisation });
    const rows = run.definitions.map((d, position) => rowOf(run, d.id, position));
    if (rows.length) await em.insertMany(OnboardingStepRow, rows);
  }

  /** The hot path: one step's row, in one statement. */
  private async writeStep(tx: Transaction, run: OnboardingRun, stepId: string) {
    const { state } = run.step(stepId);
    const sql = tx.sql;
    await sql.execute(
      'update onboarding_steps set status = ?, assignee_id = ?, sign_off_needed = ?, settled = ?, settled_at = ? where organisation = ? and step_id = ?',
      [
        state.status,
        state.assigneeId,
        sql.bool(state.status === 'awaiting-sign-off'),
        sql.bool(isSettled(state.status)),
        state.settledAt,
        run.organisation,
        stepId,
      ],
    );
  }
}

export function rowOf(run: OnboardingRun, stepId: string, position: number): OnboardingStepRow {
  const { definition: d, state, dueDate } = run.step(stepId);
  return {
    organisation: run.organisation,
    stepId: d.id,
    runId: run.id,
    position,
    title: d.title,
    area: d.area,
    ownerRole: d.ownerRole,
    status: state.status,
    assigneeId: state.assigneeId,
    dueDate,
    gate: d.gate,
    signOffRole: d.signOffRole,
    signOffNeeded: state.status === 'awaiting-sign-off',
    settled: isSettled(state.status),
    settledAt: state.settledAt,
    addedBy: d.origin.source,
  };
}
