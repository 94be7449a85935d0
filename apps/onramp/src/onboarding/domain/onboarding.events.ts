import type { ChecklistDiff, PluginPin } from './checklist-diff';

/**
 * Domain events of the onboarding run. Each names what happened in the past tense and carries what
 * a reader of the audit trail needs without the run's state.
 */
export abstract class OnboardingEvent {
  abstract readonly type: string;
  constructor(
    readonly organisation: string,
    readonly runId: string,
    readonly occurredAt: string,
  ) {}
}

export class OnboardingStarted extends OnboardingEvent {
  readonly type = 'OnboardingStarted';
  constructor(
    organisation: string,
    runId: string,
    occurredAt: string,
    readonly goLiveDate: string,
    readonly catalogueVersion: string,
    readonly stepIds: string[],
    readonly plugins: PluginPin[],
  ) {
    super(organisation, runId, occurredAt);
  }
}

export class StepAssigned extends OnboardingEvent {
  readonly type = 'StepAssigned';
  constructor(
    organisation: string,
    runId: string,
    occurredAt: string,
    readonly stepId: string,
    readonly assigneeId: string,
    readonly previousAssigneeId: string | null,
  ) {
    super(organisation, runId, occurredAt);
  }
}

export class StepStarted extends OnboardingEvent {
  readonly type = 'StepStarted';
  constructor(
    organisation: string,
    runId: string,
    occurredAt: string,
    readonly stepId: string,
  ) {
    super(organisation, runId, occurredAt);
  }
}

export class StepCompleted extends OnboardingEvent {
  readonly type = 'StepCompleted';
  constructor(
    organisation: string,
    runId: string,
    occurredAt: string,
    readonly stepId: string,
    readonly evidence: { key: string; reference: string }[],
    readonly note: string | null,
    readonly awaitingSignOff: boolean,
  ) {
    super(organisation, runId, occurredAt);
  }
}

export class StepSignedOff extends OnboardingEvent {
  readonly type = 'StepSignedOff';
  constructor(
    organisation: string,
    runId: string,
    occurredAt: string,
    readonly stepId: string,
    readonly role: string,
    readonly note: string | null,
  ) {
    super(organisation, runId, occurredAt);
  }
}

export class StepWaived extends OnboardingEvent {
  readonly type = 'StepWaived';
  constructor(
    organisation: string,
    runId: string,
    occurredAt: string,
    readonly stepId: string,
    readonly reason: string,
  ) {
    super(organisation, runId, occurredAt);
  }
}

export class StepReopened extends OnboardingEvent {
  readonly type = 'StepReopened';
  constructor(
    organisation: string,
    runId: string,
    occurredAt: string,
    readonly stepId: string,
    readonly previousStatus: string,
    readonly reason: string,
  ) {
    super(organisation, runId, occurredAt);
  }
}

export class GoLiveDateChanged extends OnboardingEvent {
  readonly type = 'GoLiveDateChanged';
  constructor(
    organisation: string,
    runId: string,
    occurredAt: string,
    readonly from: string,
    readonly to: string,
    readonly reason: string | null,
  ) {
    super(organisation, runId, occurredAt);
  }
}

export class ChecklistAdopted extends OnboardingEvent {
  readonly type = 'ChecklistAdopted';
  constructor(
    organisation: string,
    runId: string,
    occurredAt: string,
    readonly diff: ChecklistDiff,
  ) {
    super(organisation, runId, occurredAt);
  }
}

/** The event's own fields, without the envelope, for the audit payload. */
export function eventPayload(event: OnboardingEvent): Record<string, unknown> {
  const { type: _type, organisation: _org, occurredAt: _at, ...rest } = event as unknown as Record<string, unknown>;
  return rest;
}
