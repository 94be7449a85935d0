/*
 * Test-data builders for the onboarding domain specs. Plain TypeScript with no Jest globals, so the
 * file also compiles under tsconfig.build.json (which only excludes *.spec.ts).
 */
import type { EvidenceRequirement, StepDefinition } from '../../../shared/domain/step-definition';
import type { AccessRole, Actor } from '../../../shared/domain/roles';
import { emptyState, type OnboardingRunSnapshot, type StepState } from '../onboarding-run';

/** An evidence requirement with a readable description. */
export function evidence(key: string): EvidenceRequirement {
  return { key, description: `Evidence for ${key}` };
}

/** A core step definition with harmless defaults: no dependencies, no evidence, no sign-off, not a gate, weight 1, due at go-live. */
export function step(id: string, overrides: Partial<Omit<StepDefinition, 'id'>> = {}): StepDefinition {
  return {
    id,
    title: `Title of ${id}`,
    area: 'leadership',
    ownerRole: 'implementation-lead',
    dependsOn: [],
    dueOffsetDays: 0,
    evidence: [],
    signOffRole: null,
    gate: false,
    weight: 1,
    guidance: 'Guidance long enough to satisfy the catalogue schema.',
    source: 'https://digital.nhs.uk/services/e-referral-service',
    origin: { source: 'core', reason: 'test' },
    ...overrides,
  };
}

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
