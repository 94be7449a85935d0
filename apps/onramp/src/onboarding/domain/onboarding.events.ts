import type { ChecklistDiff, PluginPin } from './checklist-diff';

/** Who did something, as the run records it on the step. */
export interface ActorRef {
  id: string;
  role: string;
  label: string;
}

/**
 * Domain events of the onboarding run. Each names what happened in the past tense and carries
 * everything needed to apply it to the run's state, so the run can be rebuilt from its events
 * alone (audit verification and read-model rebuilds depend on that).
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
    /** Content address of the checklist (catalogue version, plugin versions, definitions) the run pins. */
    readonly checklistHash: string,
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
    readonly completedBy: ActorRef,
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
    readonly signedOffBy: ActorRef,
    /** The person who completed the step signed it off, as the organisation's setting allowed. */
    readonly selfSignOff: boolean = false,
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
    readonly waivedBy: ActorRef,
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
    readonly reopenedBy: ActorRef,
    /** Who completed the step before it was reopened (null for a waived step): they are told why. */
    readonly previouslyCompletedBy: ActorRef | null,
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
    /** The checklist the run uses from now on. */
    readonly checklistHash: string,
  ) {
    super(organisation, runId, occurredAt);
  }
}

export const ONBOARDING_EVENT_TYPES = [
  'OnboardingStarted',
  'StepAssigned',
  'StepStarted',
  'StepCompleted',
  'StepSignedOff',
  'StepWaived',
  'StepReopened',
  'GoLiveDateChanged',
  'ChecklistAdopted',
] as const;

/** The event's own fields, without the envelope (type, organisation, time), for the audit payload. */
export function eventPayload(event: OnboardingEvent): Record<string, unknown> {
  const { type: _type, organisation: _org, occurredAt: _at, ...rest } = event as unknown as Record<string, unknown>;
  return rest;
}

/**
 * Turns a stored payload back into the event it came from (audit verification, projection rebuilds).
 * Entries written before events carried their actors fall back to the entry's own actor, and to
 * `fallbackChecklistHash` for the checklist a run started or adopted.
 */
export function eventFromPayload(
  type: string,
  organisation: string,
  occurredAt: string,
  p: Record<string, unknown>,
  fallback: { actor: ActorRef; checklistHash: string },
): OnboardingEvent | null {
  const s = (k: string) => p[k] as string;
  const runId = s('runId');
  const actor = (k: string) => (p[k] ?? fallback.actor) as ActorRef;
  switch (type) {
    case 'OnboardingStarted':
      return new OnboardingStarted(
        organisation,
        runId,
        occurredAt,
        s('goLiveDate'),
        s('catalogueVersion'),
        p.stepIds as string[],
        (p.plugins ?? []) as PluginPin[],
        (p.checklistHash as string | undefined) ?? fallback.checklistHash,
      );
    case 'StepAssigned':
      return new StepAssigned(organisation, runId, occurredAt, s('stepId'), s('assigneeId'), (p.previousAssigneeId ?? null) as string | null);
    case 'StepStarted':
      return new StepStarted(organisation, runId, occurredAt, s('stepId'));
    case 'StepCompleted':
      return new StepCompleted(
        organisation,
        runId,
        occurredAt,
        s('stepId'),
        p.evidence as { key: string; reference: string }[],
        (p.note ?? null) as string | null,
        p.awaitingSignOff as boolean,
        actor('completedBy'),
      );
    case 'StepSignedOff':
      return new StepSignedOff(
        organisation,
        runId,
        occurredAt,
        s('stepId'),
        s('role'),
        (p.note ?? null) as string | null,
        actor('signedOffBy'),
        p.selfSignOff === true,
      );
    case 'StepWaived':
      return new StepWaived(organisation, runId, occurredAt, s('stepId'), s('reason'), actor('waivedBy'));
    case 'StepReopened':
      return new StepReopened(
        organisation,
        runId,
        occurredAt,
        s('stepId'),
        s('previousStatus'),
        s('reason'),
        actor('reopenedBy'),
        (p.previouslyCompletedBy ?? null) as ActorRef | null,
      );
    case 'GoLiveDateChanged':
      return new GoLiveDateChanged(organisation, runId, occurredAt, s('from'), s('to'), (p.reason ?? null) as string | null);
    case 'ChecklistAdopted':
      return new ChecklistAdopted(organisation, runId, occurredAt, p.diff as ChecklistDiff, (p.checklistHash as string | undefined) ?? fallback.checklistHash);
    default:
      return null;
  }
}
