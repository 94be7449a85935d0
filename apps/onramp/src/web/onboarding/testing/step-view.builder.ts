import type { RunView, StepView } from '../../../onboarding';

/** A step as GetOnboarding returns it, not started, with what a spec needs changed. */
export function aStepView(overrides: Partial<StepView> = {}): StepView {
  return {
    id: 'core.example',
    title: 'An example step',
    area: 'leadership',
    status: 'not-started',
    ownerRole: 'implementation-lead',
    dependsOn: [],
    dueDate: '2027-01-10',
    overdue: false,
    gate: false,
    weight: 1,
    signOffRole: null,
    evidenceRequired: [{ key: 'record', description: 'Where the record is kept' }],
    assignee: null,
    evidence: [],
    note: null,
    startedAt: null,
    completedAt: null,
    completedBy: null,
    signedOffAt: null,
    signedOffBy: null,
    waivedAt: null,
    waivedBy: null,
    waiverReason: null,
    history: [],
    addedBy: { source: 'core', reason: 'core e-RS onboarding checklist' },
    guidance: 'Do the thing.',
    source: 'https://digital.nhs.uk/services/e-referral-service',
    ...overrides,
  } as StepView;
}

/** A run of the given steps, as GetOnboarding returns it. */
export function aRunView(steps: StepView[], overrides: Partial<RunView> = {}): RunView {
  return {
    id: 'run-1',
    organisation: 'RX1',
    version: 3,
    catalogueVersion: '2026.11',
    plugins: [],
    goLiveDate: '2027-03-01',
    startedAt: '2026-11-01T09:00:00.000Z',
    steps,
    ...overrides,
  } as RunView;
}
