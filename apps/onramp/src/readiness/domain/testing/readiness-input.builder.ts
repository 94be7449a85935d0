/*
 * Test-data builders for the readiness rules: steps with harmless defaults and their states, and
 * a run built from [step, state] pairs. Plain TypeScript with no Jest globals.
 */
import { addDays } from '../../../shared/domain/clock';
import type { StepStatus } from '../../../shared/domain/step-status';
import type { Area } from '../../../shared/plugin-sdk';
import type { ReadinessInput } from '../readiness.calculator';

export interface TestStep {
  id: string;
  title: string;
  area: Area;
  gate: boolean;
  weight: number;
  dueOffsetDays: number;
  dependsOn: string[];
}

export interface TestState {
  status: StepStatus;
  settledAt: string | null;
}

/** A step: no dependencies, not a gate, weight 1, due at go-live. */
export function step(id: string, overrides: Partial<Omit<TestStep, 'id'>> = {}): TestStep {
  return { id, title: `Title of ${id}`, area: 'leadership', gate: false, weight: 1, dueOffsetDays: 0, dependsOn: [], ...overrides };
}

export function stepState(overrides: Partial<TestState> = {}): TestState {
  return { status: 'not-started', settledAt: null, ...overrides };
}

export const doneState = (settledAt: string) => stepState({ status: 'done', settledAt });
export const waivedState = (settledAt: string) => stepState({ status: 'waived', settledAt });

/** A run from `[step, state]` pairs (an absent state is an untouched step). */
export function runSnapshot(args: { goLiveDate: string; startedAt: string; steps: [TestStep, TestState?][]; organisation?: string }): ReadinessInput {
  return {
    organisation: args.organisation ?? 'RH8',
    goLiveDate: args.goLiveDate,
    startedAt: args.startedAt,
    steps: args.steps.map(([d, s = stepState()]) => ({
      id: d.id,
      title: d.title,
      area: d.area,
      gate: d.gate,
      weight: d.weight,
      dependsOn: d.dependsOn,
      dueDate: addDays(args.goLiveDate, d.dueOffsetDays),
      status: s.status,
      settledAt: s.settledAt,
    })),
  };
}
