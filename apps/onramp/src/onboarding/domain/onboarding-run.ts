import type { StepDefinition } from '../../catalogue/domain/step-definition';
import { topologicalOrder, transitiveDependents } from '../../catalogue/domain/step-graph';
import { addDays, dateOutsideWindow, toIsoDate } from '../../shared/domain/clock';
import type { Actor } from '../../shared/domain/roles';
import type { ChecklistDiff, PluginPin } from './checklist-diff';
import { OnboardingErrors as Errors } from './onboarding.errors';

export type { ChecklistDiff, PluginPin } from './checklist-diff';
import {
  ChecklistAdopted,
  GoLiveDateChanged,
  OnboardingEvent,
  OnboardingStarted,
  StepAssigned,
  StepCompleted,
  StepReopened,
  StepSignedOff,
  StepStarted,
  StepWaived,
} from './onboarding.events';

export const STEP_STATUSES = ['not-started', 'in-progress', 'awaiting-sign-off', 'done', 'waived'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** How a status is written for people (e-mails, reports). */
export const STEP_STATUS_LABELS: Record<StepStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  'awaiting-sign-off': 'Awaiting sign-off',
  done: 'Done',
  waived: 'Not applicable (waived)',
};

/** Done and waived steps no longer hold anything up. */
export const isSettled = (status: StepStatus) => status === 'done' || status === 'waived';

/** A step is overdue when it is not settled and its due date is before today (all YYYY-MM-DD). */
export const isOverdue = (status: StepStatus, dueDate: string, today: string) => !isSettled(status) && dueDate < today;

export interface ActorRef {
  id: string;
  role: string;
  label: string;
}

export interface StepState {
  status: StepStatus;
  assigneeId: string | null;
  startedAt: string | null;
  completedAt: string | null;
  completedBy: ActorRef | null;
  evidence: { key: string; reference: string }[];
  note: string | null;
  signedOffAt: string | null;
  signedOffBy: ActorRef | null;
  waivedAt: string | null;
  waivedBy: ActorRef | null;
  waiverReason: string | null;
  /** When the step last became done or waived: drives the completion-rate forecast. */
  settledAt: string | null;
}

/** Everything the run persists. Step definitions are copied in at start so a catalogue change never rewrites a running checklist. */
export interface OnboardingRunSnapshot {
  id: string;
  organisation: string;
  catalogueVersion: string;
  /** Plugin versions the checklist was assembled with (absent on runs from before plugins). */
  plugins?: PluginPin[];
  goLiveDate: string;
  startedAt: string;
  definitions: StepDefinition[];
  steps: Record<string, StepState>;
}

/** The state of a step nobody has touched. */
export const emptyState = (): StepState => ({
  status: 'not-started',
  assigneeId: null,
  startedAt: null,
  completedAt: null,
  completedBy: null,
  evidence: [],
  note: null,
  signedOffAt: null,
  signedOffBy: null,
  waivedAt: null,
  waivedBy: null,
  waiverReason: null,
  settledAt: null,
});

const actorRef = (a: Actor): ActorRef => ({ id: a.id, role: a.role, label: a.label });

/**
 * The onboarding run of one provider organisation: the aggregate that owns every checklist rule.
 * Each command method checks its invariants, changes state and records one event; nothing is
 * changed when a rule is broken.
 */
export class OnboardingRun {
  private pending: OnboardingEvent[] = [];
  private readonly byId: Map<string, StepDefinition>;

  private constructor(
    private readonly state: OnboardingRunSnapshot,
    /** The persisted version; bumped by the repository on each save. */
    readonly version: number,
  ) {
    this.byId = new Map(state.definitions.map((d) => [d.id, d]));
  }

  static start(args: {
    id: string;
    organisation: string;
    goLiveDate: string;
    catalogueVersion: string;
    steps: StepDefinition[];
    plugins?: PluginPin[];
    now: Date;
  }): OnboardingRun {
    const today = toIsoDate(args.now);
    if (args.goLiveDate <= today) throw Errors.goLiveInPast(args.goLiveDate, today);
    if (dateOutsideWindow(args.goLiveDate, today)) throw Errors.goLiveOutsideWindow(args.goLiveDate, today);
    const definitions = topologicalOrder(args.steps);
    const run = new OnboardingRun(
      {
        id: args.id,
        organisation: args.organisation,
        catalogueVersion: args.catalogueVersion,
        plugins: args.plugins ?? [],
        goLiveDate: args.goLiveDate,
        startedAt: args.now.toISOString(),
        definitions,
        steps: Object.fromEntries(definitions.map((d) => [d.id, emptyState()])),
      },
      0,
    );
    run.record(
      new OnboardingStarted(
        args.organisation,
        args.id,
        args.now.toISOString(),
        args.goLiveDate,
        args.catalogueVersion,
        definitions.map((d) => d.id),
        args.plugins ?? [],
      ),
    );
    return run;
  }

  static restore(snapshot: OnboardingRunSnapshot, version: number): OnboardingRun {
    return new OnboardingRun(structuredClone(snapshot), version);
  }

  get id() {
    return this.state.id;
  }
  get organisation() {
    return this.state.organisation;
  }
  get goLiveDate() {
    return this.state.goLiveDate;
  }
  get catalogueVersion() {
    return this.state.catalogueVersion;
  }
  get definitions(): readonly StepDefinition[] {
    return this.state.definitions;
  }
  get plugins(): readonly PluginPin[] {
    return this.state.plugins ?? [];
  }

  /** What adopting `next` would add, remove and change; nothing is modified. */
  diffChecklist(next: { steps: StepDefinition[]; catalogueVersion: string; plugins: PluginPin[] }): ChecklistDiff {
    const current = new Map(this.state.definitions.map((d) => [d.id, d]));
    const incoming = new Map(next.steps.map((d) => [d.id, d]));
    const pluginIds = [...new Set([...this.plugins.map((p) => p.id), ...next.plugins.map((p) => p.id)])];
    const comparable = (d: StepDefinition) => ({ ...d, origin: undefined });
    return {
      catalogue: { from: this.state.catalogueVersion, to: next.catalogueVersion },
      plugins: pluginIds
        .map((id) => ({ id, from: this.plugins.find((p) => p.id === id)?.version ?? null, to: next.plugins.find((p) => p.id === id)?.version ?? null }))
        .filter((p) => p.from !== p.to),
      added: next.steps.filter((d) => !current.has(d.id)).map((d) => ({ id: d.id, title: d.title, addedBy: d.origin.reason })),
      removed: this.state.definitions.filter((d) => !incoming.has(d.id)).map((d) => ({ id: d.id, title: d.title, status: this.state.steps[d.id].status })),
      changed: next.steps
        .filter((d) => current.has(d.id))
        .map((d) => {
          const before = comparable(current.get(d.id)!) as unknown as Record<string, unknown>;
          const after = comparable(d) as unknown as Record<string, unknown>;
          return { id: d.id, title: d.title, fields: Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])) };
        })
        .filter((c) => c.fields.length > 0),
    };
  }

  /**
   * Adopts a newer checklist explicitly: new steps start not started, removed steps leave the run,
   * changed definitions are replaced while each step keeps its progress.
   */
  adoptChecklist(next: { steps: StepDefinition[]; catalogueVersion: string; plugins: PluginPin[] }, now: Date): ChecklistDiff {
    const diff = this.diffChecklist(next);
    if (!diff.added.length && !diff.removed.length && !diff.changed.length && !diff.plugins.length && diff.catalogue.from === diff.catalogue.to) {
      throw Errors.checklistUpToDate();
    }
    const definitions = topologicalOrder(next.steps);
    this.state.definitions = definitions;
    this.state.steps = Object.fromEntries(definitions.map((d) => [d.id, this.state.steps[d.id] ?? emptyState()]));
    this.state.catalogueVersion = next.catalogueVersion;
    this.state.plugins = next.plugins;
    this.byId.clear();
    for (const d of definitions) this.byId.set(d.id, d);
    this.record(new ChecklistAdopted(this.organisation, this.id, now.toISOString(), diff));
    return diff;
  }

  snapshot(): OnboardingRunSnapshot {
    return structuredClone(this.state);
  }

  step(stepId: string): { definition: StepDefinition; state: StepState; dueDate: string } {
    const definition = this.byId.get(stepId);
    if (!definition) throw Errors.stepNotFound(stepId);
    return { definition, state: this.state.steps[stepId], dueDate: addDays(this.state.goLiveDate, definition.dueOffsetDays) };
  }

  /** Events recorded since the run was loaded; the repository stores them with the new state. */
  pullEvents(): OnboardingEvent[] {
    const events = this.pending;
    this.pending = [];
    return events;
  }

  /** Refuses a write based on a stale read (If-Match / expectedVersion). */
  checkVersion(expected: number | undefined) {
    if (expected !== undefined && expected !== this.version) throw Errors.staleVersion(expected, this.version);
  }

  assign(stepId: string, assigneeId: string, now: Date) {
    const { state } = this.step(stepId);
    if (state.assigneeId === assigneeId) return; // assigning the same person again changes nothing
    const previous = state.assigneeId;
    state.assigneeId = assigneeId;
    this.record(new StepAssigned(this.organisation, this.id, now.toISOString(), stepId, assigneeId, previous));
  }

  startStep(stepId: string, now: Date) {
    const { state } = this.step(stepId);
    if (state.status !== 'not-started') throw Errors.invalidTransition(stepId, state.status, 'started');
    state.status = 'in-progress';
    state.startedAt = now.toISOString();
    this.record(new StepStarted(this.organisation, this.id, now.toISOString(), stepId));
  }

  complete(stepId: string, args: { evidence: { key: string; reference: string }[]; note: string | null; actor: Actor; now: Date }) {
    const { definition, state } = this.step(stepId);
    if (state.status !== 'not-started' && state.status !== 'in-progress') throw Errors.invalidTransition(stepId, state.status, 'completed');
    const pending = definition.dependsOn.filter((dep) => !isSettled(this.state.steps[dep].status));
    if (pending.length) throw Errors.dependencyIncomplete(stepId, pending);
    const required = definition.evidence.map((e) => e.key);
    const supplied = new Set(args.evidence.map((e) => e.key));
    const unknown = [...supplied].filter((k) => !required.includes(k));
    if (unknown.length) throw Errors.unknownEvidence(stepId, unknown, required);
    const missing = required.filter((k) => !supplied.has(k));
    if (missing.length) throw Errors.evidenceMissing(stepId, missing);

    const at = args.now.toISOString();
    const awaitingSignOff = definition.signOffRole !== null;
    Object.assign(state, {
      status: awaitingSignOff ? 'awaiting-sign-off' : 'done',
      startedAt: state.startedAt ?? at,
      completedAt: at,
      completedBy: actorRef(args.actor),
      evidence: args.evidence.map((e) => ({ key: e.key, reference: e.reference })),
      note: args.note,
      settledAt: awaitingSignOff ? null : at,
    } satisfies Partial<StepState>);
    this.record(new StepCompleted(this.organisation, this.id, at, stepId, state.evidence, args.note, awaitingSignOff));
  }

  signOff(stepId: string, args: { actor: Actor; note: string | null; now: Date }) {
    const { definition, state } = this.step(stepId);
    if (!definition.signOffRole) throw Errors.signOffNotRequired(stepId);
    if (state.status !== 'awaiting-sign-off') throw Errors.invalidTransition(stepId, state.status, 'signed off');
    if (args.actor.role !== definition.signOffRole) throw Errors.signOffRoleRequired(stepId, definition.signOffRole, args.actor.role);
    const at = args.now.toISOString();
    Object.assign(state, { status: 'done', signedOffAt: at, signedOffBy: actorRef(args.actor), settledAt: at } satisfies Partial<StepState>);
    this.record(new StepSignedOff(this.organisation, this.id, at, stepId, args.actor.role, args.note));
  }

  waive(stepId: string, args: { reason: string; actor: Actor; now: Date }) {
    const { definition, state } = this.step(stepId);
    // A step awaiting sign-off has been done: the signer decides, or it is reopened; it is not waived past them.
    if (isSettled(state.status) || state.status === 'awaiting-sign-off') throw Errors.invalidTransition(stepId, state.status, 'waived');
    if (definition.gate && args.actor.role !== 'clinical-lead') throw Errors.gateWaiverNeedsClinicalLead(stepId, args.actor.role);
    // Declaring a step not applicable takes the authority that would have signed it off.
    if (!definition.gate && definition.signOffRole && args.actor.role !== definition.signOffRole)
      throw Errors.waiverNeedsSignOffRole(stepId, definition.signOffRole, args.actor.role);
    const at = args.now.toISOString();
    Object.assign(state, {
      status: 'waived',
      waivedAt: at,
      waivedBy: actorRef(args.actor),
      waiverReason: args.reason,
      settledAt: at,
    } satisfies Partial<StepState>);
    this.record(new StepWaived(this.organisation, this.id, at, stepId, args.reason));
  }

  reopen(stepId: string, args: { reason: string; now: Date }) {
    const { state } = this.step(stepId);
    const previousStatus = state.status;
    if (previousStatus === 'not-started' || previousStatus === 'in-progress') throw Errors.invalidTransition(stepId, previousStatus, 'reopened');
    // A dependent that is completed relied on this step being settled: undo it first, explicitly.
    const progressed = [...transitiveDependents(this.state.definitions, stepId)].filter((id) => {
      const s = this.state.steps[id].status;
      return s === 'done' || s === 'awaiting-sign-off';
    });
    if (progressed.length) throw Errors.dependentsProgressed(stepId, progressed);
    Object.assign(state, {
      ...emptyState(),
      status: previousStatus === 'waived' ? 'not-started' : 'in-progress',
      assigneeId: state.assigneeId,
      startedAt: previousStatus === 'waived' ? null : state.startedAt,
    } satisfies StepState);
    this.record(new StepReopened(this.organisation, this.id, args.now.toISOString(), stepId, previousStatus, args.reason));
  }

  changeGoLiveDate(goLiveDate: string, args: { reason: string | null; now: Date }) {
    const today = toIsoDate(args.now);
    if (goLiveDate <= today) throw Errors.goLiveInPast(goLiveDate, today);
    if (dateOutsideWindow(goLiveDate, today)) throw Errors.goLiveOutsideWindow(goLiveDate, today);
    if (goLiveDate === this.state.goLiveDate) throw Errors.goLiveUnchanged(goLiveDate);
    const from = this.state.goLiveDate;
    this.state.goLiveDate = goLiveDate;
    this.record(new GoLiveDateChanged(this.organisation, this.id, args.now.toISOString(), from, goLiveDate, args.reason));
  }

  private record(event: OnboardingEvent) {
    this.pending.push(event);
  }
}
