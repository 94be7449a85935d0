import type { StepDefinition } from '../../shared/domain/step-definition';
import { topologicalOrder, transitiveDependents } from '../../shared/domain/step-graph';
import { addDays, dateOutsideWindow, toIsoDate } from '../../shared/domain/clock';
import type { Actor } from '../../shared/domain/roles';
import { isSettled, type StepStatus } from '../../shared/domain/step-status';
import { checklistOf, deepFreeze, type Checklist } from './checklist';
import type { ChecklistDiff, PluginPin } from './checklist-diff';
import { OnboardingErrors as Errors } from './onboarding.errors';
import {
  type ActorRef,
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

export type { ChecklistDiff, PluginPin } from './checklist-diff';
export type { ActorRef } from './onboarding.events';

export { STEP_STATUSES, STEP_STATUS_LABELS, isSettled, isOverdue, type StepStatus } from '../../shared/domain/step-status';

/** A completion (or waiver) that was later reopened: kept on the step so nothing done is forgotten. */
export interface PriorCompletion {
  status: StepStatus;
  completedAt: string | null;
  completedBy: ActorRef | null;
  evidence: { key: string; reference: string }[];
  note: string | null;
  signedOffAt: string | null;
  signedOffBy: ActorRef | null;
  waivedAt: string | null;
  waivedBy: ActorRef | null;
  waiverReason: string | null;
  reopenedAt: string;
  reopenedBy: ActorRef;
  reopenReason: string;
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
  /** Earlier completions and waivers of this step that were reopened, oldest first. */
  history: PriorCompletion[];
}

/**
 * Everything the run is, in memory. The step definitions come from the run's pinned checklist
 * (stored once per content hash, see {@link Checklist}); the run itself persists only its own state.
 */
export interface OnboardingRunSnapshot {
  id: string;
  organisation: string;
  checklistHash: string;
  catalogueVersion: string;
  /** Plugin versions the checklist was assembled with. */
  plugins: PluginPin[];
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
  history: [],
});

const actorRef = (a: Actor): ActorRef => ({ id: a.id, role: a.role, label: a.label });

/** One step as flat facts (see {@link OnboardingRun.stepFacts}). */
export interface StepFacts {
  id: string;
  title: string;
  area: StepDefinition['area'];
  status: StepStatus;
  gate: boolean;
  weight: number;
  dueDate: string;
  dependsOn: readonly string[];
  settledAt: string | null;
}

/** The run's own state as stored: the checklist by reference, and only what differs from an untouched step. */
export interface StoredRunState {
  id: string;
  organisation: string;
  checklistHash: string;
  goLiveDate: string;
  startedAt: string;
  steps: Record<string, Partial<StepState>>;
}

/** When a step settled, as its other fields say: the sign-off or completion that made it done, or its waiver. */
function impliedSettledAt(state: Pick<StepState, 'status' | 'completedAt' | 'signedOffAt' | 'waivedAt'>): string | null {
  if (state.status === 'done') return state.signedOffAt ?? state.completedAt;
  return state.status === 'waived' ? state.waivedAt : null;
}

/**
 * Leaves out untouched steps and default fields: a fresh 50-step run stores a few hundred bytes.
 * `settledAt` is left out too when the step's other fields imply it (as the events always set it);
 * {@link expandState} puts it back.
 */
export function compactState(snapshot: OnboardingRunSnapshot): StoredRunState {
  const empty = emptyState() as unknown as Record<string, unknown>;
  // Every default is null, a status, or an empty list, so a field is a default when it is that value or another empty list.
  const isDefault = (k: string, v: unknown) => v === empty[k] || (Array.isArray(v) && v.length === 0 && Array.isArray(empty[k]));
  const steps: Record<string, Partial<StepState>> = {};
  for (const [id, state] of Object.entries(snapshot.steps)) {
    let changed: Record<string, unknown> | null = null;
    const implied = impliedSettledAt(state);
    for (const [k, v] of Object.entries(state)) if (!isDefault(k, v) && !(k === 'settledAt' && v === implied)) (changed ??= {})[k] = v;
    // A settledAt that differs from what the fields imply (null on a done step included) is kept as it is.
    if (implied !== null && state.settledAt === null) (changed ??= {}).settledAt = null;
    if (changed) steps[id] = changed as Partial<StepState>;
  }
  const { id, organisation, checklistHash, goLiveDate, startedAt } = snapshot;
  return { id, organisation, checklistHash, goLiveDate, startedAt, steps };
}

/**
 * The inverse of {@link compactState}, given the checklist the state refers to. Each step's state is
 * a new object; the values in it are shared with `stored`, which is safe because applying an event
 * replaces a step's values and never changes one in place.
 */
export function expandState(stored: StoredRunState, checklist: Checklist): OnboardingRunSnapshot {
  if (stored.checklistHash !== checklist.hash) throw new Error(`run ${stored.id} refers to checklist ${stored.checklistHash}, not ${checklist.hash}`);
  return {
    id: stored.id,
    organisation: stored.organisation,
    checklistHash: checklist.hash,
    catalogueVersion: checklist.catalogueVersion,
    plugins: checklist.plugins,
    goLiveDate: stored.goLiveDate,
    startedAt: stored.startedAt,
    definitions: checklist.definitions,
    steps: Object.fromEntries(checklist.definitions.map((d) => [d.id, expandStep(stored.steps[d.id])])),
  };
}

function expandStep(stored: Partial<StepState> | undefined): StepState {
  const state = { ...emptyState(), ...stored };
  if (stored !== undefined && !('settledAt' in stored)) state.settledAt = impliedSettledAt(state);
  return state;
}

/**
 * The onboarding run of one provider organisation: the aggregate that owns every checklist rule.
 * Each command method checks its invariants, then records one event and applies it; state only
 * ever changes by applying an event, so {@link OnboardingRun.replay} of the recorded events gives
 * exactly the state the commands produced. Nothing is changed when a rule is broken.
 */
export class OnboardingRun {
  private pending: OnboardingEvent[] = [];
  private readonly byId = new Map<string, StepDefinition>();

  private constructor(
    private readonly state: OnboardingRunSnapshot,
    /** The persisted version; bumped by the repository on each save. */
    readonly version: number,
  ) {
    this.index();
  }

  /** Starts a run on a composed checklist (core plus applicable plugins); the checklist is pinned by its content hash. */
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
    const checklist = checklistOf({ catalogueVersion: args.catalogueVersion, plugins: args.plugins ?? [], definitions: topologicalOrder(args.steps) });
    const run = new OnboardingRun(blankSnapshot(args.id, args.organisation, checklist), 0);
    run.record(
      new OnboardingStarted(
        args.organisation,
        args.id,
        args.now.toISOString(),
        args.goLiveDate,
        checklist.catalogueVersion,
        checklist.definitions.map((d) => d.id),
        checklist.plugins,
        checklist.hash,
      ),
    );
    return run;
  }

  static restore(snapshot: OnboardingRunSnapshot, version: number): OnboardingRun {
    return new OnboardingRun(copyState(snapshot), version);
  }

  /** The run as the repository stored it (see {@link compactState}), owning `stored` from now on. */
  static fromStored(stored: StoredRunState, checklist: Checklist, version: number): OnboardingRun {
    return new OnboardingRun(expandState(stored, checklist), version);
  }

  /**
   * The same run at a new version (after the repository saved it), taking over its state without
   * a copy: the run it was made from must not be used again.
   */
  static saved(run: OnboardingRun, version: number): OnboardingRun {
    if (run.pending.length) throw new Error('a run with unsaved events cannot be taken over');
    return new OnboardingRun(run.state, version);
  }

  /** The run's own state as stored, computed without copying. */
  storedState(): StoredRunState {
    return compactState(this.state);
  }

  /**
   * Rebuilds a run from its events alone. `checklist` resolves the content hashes the events name
   * (OnboardingStarted, ChecklistAdopted). The result has version 0 and no pending events.
   */
  static replay(events: readonly OnboardingEvent[], checklist: (hash: string) => Checklist): OnboardingRun {
    const first = events[0];
    if (!(first instanceof OnboardingStarted)) throw new Error('a run is replayed from its OnboardingStarted event');
    const run = new OnboardingRun(blankSnapshot(first.runId, first.organisation, checklist(first.checklistHash)), 0);
    for (const event of events) run.apply(event, checklist);
    return run;
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
  get checklistHash() {
    return this.state.checklistHash;
  }
  get startedAt() {
    return this.state.startedAt;
  }
  get definitions(): readonly StepDefinition[] {
    return this.state.definitions;
  }
  get plugins(): readonly PluginPin[] {
    return this.state.plugins;
  }
  /** The checklist the run uses now. */
  get checklist(): Checklist {
    return { hash: this.state.checklistHash, catalogueVersion: this.state.catalogueVersion, plugins: this.state.plugins, definitions: this.state.definitions };
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
   * changed definitions are replaced while each step keeps its progress. Returns the diff and the
   * checklist adopted (which the repository stores by its hash).
   */
  adoptChecklist(next: { steps: StepDefinition[]; catalogueVersion: string; plugins: PluginPin[] }, now: Date): ChecklistDiff {
    const diff = this.diffChecklist(next);
    if (!diff.added.length && !diff.removed.length && !diff.changed.length && !diff.plugins.length && diff.catalogue.from === diff.catalogue.to) {
      throw Errors.checklistUpToDate();
    }
    const checklist = checklistOf({ catalogueVersion: next.catalogueVersion, plugins: next.plugins, definitions: topologicalOrder(next.steps) });
    this.record(new ChecklistAdopted(this.organisation, this.id, now.toISOString(), diff, checklist.hash), () => checklist);
    return diff;
  }

  /** A copy of the run's state; the definitions are the checklist's own (frozen, shared by every run that pins it). */
  snapshot(): OnboardingRunSnapshot {
    return copyState(this.state);
  }

  step(stepId: string): { definition: StepDefinition; state: StepState; dueDate: string } {
    const definition = this.byId.get(stepId);
    if (!definition) throw Errors.stepNotFound(stepId);
    return { definition, state: this.state.steps[stepId], dueDate: addDays(this.state.goLiveDate, definition.dueOffsetDays) };
  }

  /** Every step as flat facts in checklist order: what readiness, reports and read models are computed from. */
  stepFacts(): StepFacts[] {
    return this.state.definitions.map((d) => {
      const state = this.state.steps[d.id];
      return {
        id: d.id,
        title: d.title,
        area: d.area,
        status: state.status,
        gate: d.gate,
        weight: d.weight,
        dueDate: addDays(this.state.goLiveDate, d.dueOffsetDays),
        dependsOn: d.dependsOn,
        settledAt: state.settledAt,
      };
    });
  }

  /** Events recorded since the run was loaded; the repository saves them with the new state. */
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
    this.record(new StepAssigned(this.organisation, this.id, now.toISOString(), stepId, assigneeId, state.assigneeId));
  }

  startStep(stepId: string, now: Date) {
    const { state } = this.step(stepId);
    if (state.status !== 'not-started') throw Errors.invalidTransition(stepId, state.status, 'started');
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
    const evidence = args.evidence.map((e) => ({ key: e.key, reference: e.reference }));
    this.record(
      new StepCompleted(this.organisation, this.id, args.now.toISOString(), stepId, evidence, args.note, definition.signOffRole !== null, actorRef(args.actor)),
    );
  }

  /**
   * Four eyes: whoever completed a step may not sign it off too, unless the organisation allows it
   * (`allowSelfSignOff`), and then the event says it was a self sign-off.
   */
  signOff(stepId: string, args: { actor: Actor; note: string | null; now: Date; allowSelfSignOff?: boolean }) {
    const { definition, state } = this.step(stepId);
    if (!definition.signOffRole) throw Errors.signOffNotRequired(stepId);
    if (state.status !== 'awaiting-sign-off') throw Errors.invalidTransition(stepId, state.status, 'signed off');
    if (args.actor.role !== definition.signOffRole) throw Errors.signOffRoleRequired(stepId, definition.signOffRole, args.actor.role);
    const self = state.completedBy?.id === args.actor.id;
    if (self && !args.allowSelfSignOff) throw Errors.selfSignOff(stepId);
    this.record(new StepSignedOff(this.organisation, this.id, args.now.toISOString(), stepId, args.actor.role, args.note, actorRef(args.actor), self));
  }

  waive(stepId: string, args: { reason: string; actor: Actor; now: Date }) {
    const { definition, state } = this.step(stepId);
    // A step awaiting sign-off has been done: the signer decides, or it is reopened; it is not waived past them.
    if (isSettled(state.status) || state.status === 'awaiting-sign-off') throw Errors.invalidTransition(stepId, state.status, 'waived');
    if (definition.gate && args.actor.role !== 'clinical-lead') throw Errors.gateWaiverNeedsClinicalLead(stepId, args.actor.role);
    // Declaring a step not applicable takes the authority that would have signed it off.
    if (!definition.gate && definition.signOffRole && args.actor.role !== definition.signOffRole)
      throw Errors.waiverNeedsSignOffRole(stepId, definition.signOffRole, args.actor.role);
    this.record(new StepWaived(this.organisation, this.id, args.now.toISOString(), stepId, args.reason, actorRef(args.actor)));
  }

  /**
   * Reopens a completed, awaiting or waived step. What was done before (evidence, note, who and
   * when, the sign-off or waiver) moves into the step's history; the completer is told why.
   */
  reopen(stepId: string, args: { reason: string; actor: Actor; now: Date }) {
    const { state } = this.step(stepId);
    if (state.status === 'not-started' || state.status === 'in-progress') throw Errors.invalidTransition(stepId, state.status, 'reopened');
    // A dependent that is completed relied on this step being settled: undo it first, explicitly.
    const progressed = [...transitiveDependents(this.state.definitions, stepId)].filter((id) => {
      const s = this.state.steps[id].status;
      return s === 'done' || s === 'awaiting-sign-off';
    });
    if (progressed.length) throw Errors.dependentsProgressed(stepId, progressed);
    this.record(
      new StepReopened(this.organisation, this.id, args.now.toISOString(), stepId, state.status, args.reason, actorRef(args.actor), state.completedBy),
    );
  }

  changeGoLiveDate(goLiveDate: string, args: { reason: string | null; now: Date }) {
    const today = toIsoDate(args.now);
    if (goLiveDate <= today) throw Errors.goLiveInPast(goLiveDate, today);
    if (dateOutsideWindow(goLiveDate, today)) throw Errors.goLiveOutsideWindow(goLiveDate, today);
    if (goLiveDate === this.state.goLiveDate) throw Errors.goLiveUnchanged(goLiveDate);
    this.record(new GoLiveDateChanged(this.organisation, this.id, args.now.toISOString(), this.state.goLiveDate, goLiveDate, args.reason));
  }

  private record(event: OnboardingEvent, checklist: (hash: string) => Checklist = () => this.checklist) {
    this.apply(event, checklist);
    this.pending.push(event);
  }

  /** The only place state changes. Commands have already checked their rules; replay trusts the trail. */
  private apply(event: OnboardingEvent, checklist: (hash: string) => Checklist) {
    const at = event.occurredAt;
    const s = (stepId: string) => {
      const state = this.state.steps[stepId];
      if (!state) throw new Error(`${event.type} names step ${stepId}, which is not in the run`);
      return state;
    };
    if (event instanceof OnboardingStarted) {
      this.state.goLiveDate = event.goLiveDate;
      this.state.startedAt = at;
    } else if (event instanceof StepAssigned) {
      s(event.stepId).assigneeId = event.assigneeId;
    } else if (event instanceof StepStarted) {
      Object.assign(s(event.stepId), { status: 'in-progress', startedAt: at } satisfies Partial<StepState>);
    } else if (event instanceof StepCompleted) {
      const state = s(event.stepId);
      Object.assign(state, {
        status: event.awaitingSignOff ? 'awaiting-sign-off' : 'done',
        startedAt: state.startedAt ?? at,
        completedAt: at,
        completedBy: event.completedBy,
        evidence: event.evidence.map((e) => ({ key: e.key, reference: e.reference })),
        note: event.note,
        settledAt: event.awaitingSignOff ? null : at,
      } satisfies Partial<StepState>);
    } else if (event instanceof StepSignedOff) {
      Object.assign(s(event.stepId), { status: 'done', signedOffAt: at, signedOffBy: event.signedOffBy, settledAt: at } satisfies Partial<StepState>);
    } else if (event instanceof StepWaived) {
      Object.assign(s(event.stepId), {
        status: 'waived',
        waivedAt: at,
        waivedBy: event.waivedBy,
        waiverReason: event.reason,
        settledAt: at,
      } satisfies Partial<StepState>);
    } else if (event instanceof StepReopened) {
      const state = s(event.stepId);
      const prior: PriorCompletion = {
        status: state.status,
        completedAt: state.completedAt,
        completedBy: state.completedBy,
        evidence: state.evidence,
        note: state.note,
        signedOffAt: state.signedOffAt,
        signedOffBy: state.signedOffBy,
        waivedAt: state.waivedAt,
        waivedBy: state.waivedBy,
        waiverReason: state.waiverReason,
        reopenedAt: at,
        reopenedBy: event.reopenedBy,
        reopenReason: event.reason,
      };
      const wasWaived = state.status === 'waived';
      this.state.steps[event.stepId] = {
        ...emptyState(),
        status: wasWaived ? 'not-started' : 'in-progress',
        assigneeId: state.assigneeId,
        startedAt: wasWaived ? null : state.startedAt,
        history: [...state.history, prior],
      };
    } else if (event instanceof GoLiveDateChanged) {
      this.state.goLiveDate = event.to;
    } else if (event instanceof ChecklistAdopted) {
      const next = checklist(event.checklistHash);
      this.state.checklistHash = next.hash;
      this.state.catalogueVersion = next.catalogueVersion;
      this.state.plugins = next.plugins;
      this.state.definitions = next.definitions;
      this.state.steps = Object.fromEntries(next.definitions.map((d) => [d.id, this.state.steps[d.id] ?? emptyState()]));
      this.index();
    }
  }

  private index() {
    this.byId.clear();
    for (const d of this.state.definitions) this.byId.set(d.id, d);
  }
}

/** Copies what a run changes; definitions are immutable and shared. */
function copyState(s: OnboardingRunSnapshot): OnboardingRunSnapshot {
  return { ...s, plugins: [...s.plugins], definitions: deepFreeze(s.definitions), steps: structuredClone(s.steps) };
}

function blankSnapshot(id: string, organisation: string, checklist: Checklist): OnboardingRunSnapshot {
  return {
    id,
    organisation,
    checklistHash: checklist.hash,
    catalogueVersion: checklist.catalogueVersion,
    plugins: checklist.plugins,
    goLiveDate: '',
    startedAt: '',
    definitions: checklist.definitions,
    steps: Object.fromEntries(checklist.definitions.map((d) => [d.id, emptyState()])),
  };
}

/**
 * A run document as it was stored before checklists were stored once (definitions copied into
 * every run, full step states): converted to the checklist it used and the compact state that
 * refers to it. Used by the migration that introduced content-addressed checklists.
 */
export function fromLegacyDocument(legacy: {
  id: string;
  organisation: string;
  catalogueVersion: string;
  plugins?: PluginPin[];
  goLiveDate: string;
  startedAt: string;
  definitions: StepDefinition[];
  steps: Record<string, Omit<StepState, 'history'> & { history?: PriorCompletion[] }>;
}): { checklist: Checklist; state: StoredRunState } {
  const checklist = checklistOf({ catalogueVersion: legacy.catalogueVersion, plugins: legacy.plugins ?? [], definitions: legacy.definitions });
  const snapshot: OnboardingRunSnapshot = {
    id: legacy.id,
    organisation: legacy.organisation,
    checklistHash: checklist.hash,
    catalogueVersion: checklist.catalogueVersion,
    plugins: checklist.plugins,
    goLiveDate: legacy.goLiveDate,
    startedAt: legacy.startedAt,
    definitions: checklist.definitions,
    steps: Object.fromEntries(legacy.definitions.map((d) => [d.id, { ...emptyState(), ...legacy.steps[d.id], history: legacy.steps[d.id]?.history ?? [] }])),
  };
  return { checklist, state: compactState(snapshot) };
}
