/*
 * Test-data builders for the onboarding domain specs (the step builders are the shared kernel's). Plain TypeScript with no Jest globals, so the
 * file also compiles under tsconfig.build.json (which only excludes *.spec.ts).
 */
import type { StepDefinition } from '../../../shared/domain/step-definition';
import type { AccessRole, Actor } from '../../../shared/domain/roles';
import { emptyState, type OnboardingRunSnapshot, type StepState } from '../onboarding-run';

export { evidence, step } from '../../../shared/domain/testing/step-definition.builder';

/** Someone acting through an API token with the given role. */
export function actor(role: AccessRole, id = `token-${role}`): Actor {
  return { id, role, label: `${role} (${id})` };
}

/** The state of a step as persisted; defaults to an untouched step. */
export function stepState(overrides: Partial<StepState> = {}): StepState {
  return { ...emptyState(), ...overrides };
}

/** A settled (done) step state, settled at `settledAt`. */
export function doneState(settledAt: string): StepState {
  return stepState({ status: 'done', startedAt: settledAt, completedAt: settledAt, settledAt });
}

/** A waived step state, settled at `settledAt`. */
export function waivedState(settledAt: string): StepState {
  return stepState({ status: 'waived', waivedAt: settledAt, waiverReason: 'does not apply', settledAt });
}

/**
 * A run snapshot built from `[definition, state]` pairs, for rules that read state directly
 * (the readiness calculator) without replaying commands.
 */
export function runSnapshot(args: {
  goLiveDate: string;
  startedAt: string;
  steps: [StepDefinition, StepState?][];
  organisation?: string;
}): OnboardingRunSnapshot {
  return {
    id: 'run-1',
    organisation: args.organisation ?? 'RH8',
    checklistHash: 'test-checklist',
    catalogueVersion: '2026.11.1',
    plugins: [],
    goLiveDate: args.goLiveDate,
    startedAt: args.startedAt,
    definitions: args.steps.map(([d]) => d),
    steps: Object.fromEntries(args.steps.map(([d, s]) => [d.id, s ?? stepState()])),
  };
}
