import type { RunView, StepView } from '../../onboarding';
import type { PersonView } from '../../organisations';
import { areaLabel, roleLabel, typeLabel, ukDate, ukDateTime } from '../../platform/rendering/template-helpers';
import { PERMISSIONS, type Permission } from '../../shared/domain/access-policy';
import type { AccessRole } from '../../shared/domain/roles';
import { isSettled } from '../../shared/domain/step-status';
import type { Change } from './change-words.view';
import { dueInWords, roleInSentence, statusTag } from './words.view';

/** The forms a step page can show; each posts to `/organisations/:ods/steps/:stepId/<action>`. */
export const STEP_ACTIONS = ['assign', 'start', 'complete', 'sign-off', 'waive', 'reopen'] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];

export interface StepActor {
  id: string;
  role: AccessRole;
  /** The organisation lets a person sign off what they completed (four eyes off). */
  allowSelfSignOff?: boolean;
}

/** Which forms the signed-in person gets, and why a form they might expect is not there. */
export interface StepActions {
  assign: boolean;
  start: boolean;
  complete: boolean;
  signOff: boolean;
  waive: boolean;
  reopen: boolean;
  /** The unsettled steps this one waits on, when the person could complete it but for them. */
  waitingOn: { id: string; title: string }[];
  /** Why there is no sign-off form on a step awaiting sign-off; null when there is one or none is due. */
  signOffNote: string | null;
  any: boolean;
}

/**
 * The actions the person may take on the step now: their access role's permissions (the same table
 * the API's guard reads) and the domain's own rules, so a form is shown only when it can succeed
 * when the page was drawn. The domain still decides: these only spare people forms that would be
 * refused. Four eyes: whoever completed the step gets no sign-off form.
 */
export function stepActions(step: StepView, run: Pick<RunView, 'steps'>, actor: StepActor): StepActions {
  const can = (p: Permission) => PERMISSIONS[p].includes(actor.role);
  const open = step.status === 'not-started' || step.status === 'in-progress';
  const statusOf = new Map(run.steps.map((s) => [s.id, s]));
  const waitingOn = step.dependsOn
    .map((id) => statusOf.get(id))
    .filter((d): d is StepView => d !== undefined && !isSettled(d.status))
    .map((d) => ({ id: d.id, title: d.title }));
  const awaiting = step.status === 'awaiting-sign-off';
  const selfCompleted = step.completedBy?.id === actor.id;
  const signOff = awaiting && can('steps.sign-off') && step.signOffRole === actor.role && (!selfCompleted || actor.allowSelfSignOff === true);
  const waiveRole = step.gate ? actor.role === 'clinical-lead' : step.signOffRole === null || actor.role === step.signOffRole;
  const actions = {
    assign: can('onboarding.manage') && !isSettled(step.status),
    start: can('steps.work') && step.status === 'not-started',
    complete: can('steps.work') && open && waitingOn.length === 0,
    signOff,
    waive: can('steps.work') && open && waiveRole,
    reopen: can('onboarding.manage') && (awaiting || isSettled(step.status)),
  };
  return {
    ...actions,
    waitingOn: can('steps.work') && open ? waitingOn : [],
    signOffNote:
      !awaiting || step.signOffRole === null
        ? null
        : signOff && selfCompleted
          ? 'You completed this step yourself; the organisation allows you to sign it off too, and the audit trail will say so.'
          : signOff
            ? null
            : selfCompleted && step.signOffRole === actor.role
              ? 'You completed this step yourself, so someone else must sign it off (four eyes).'
              : `This step is waiting to be signed off by the ${roleInSentence(step.signOffRole)}.`,
    any: Object.values(actions).some(Boolean),
  };
}

/** "Added by the ‘acute’ plugin (version 1.0.0) because the organisation is an acute trust." */
export function provenanceInWords(origin: StepView['addedBy']): string {
  if (origin.source === 'core') return 'Part of the core e-RS onboarding checklist that every organisation follows.';
  const m = /^added by plugin ([^@\s]+)@(\S+) because (.*)$/.exec(origin.reason);
  if (!m) return `Added by the ‘${origin.source}’ plugin: ${origin.reason}.`;
  const types = /^organisation type is (.*)$/.exec(m[3]);
  const because =
    m[3] === 'every organisation type'
      ? 'it applies to every type of organisation'
      : types
        ? `the organisation is ${types[1]
            .split(' or ')
            .map((t) => withArticle(typeLabel(t).toLowerCase()))
            .join(' or ')}`
        : m[3];
  return `Added by the ‘${m[1]}’ plugin (version ${m[2]}) because ${because}.`;
}

const withArticle = (noun: string) => `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;

/** What a person typed into the step's forms, kept when a form is shown again after a refusal. */
export interface StepFormValues {
  personId: string;
  evidence: Record<string, string>;
  completeNote: string;
  signOffNote: string;
  waiveReason: string;
  reopenReason: string;
}

export const emptyValues = (): StepFormValues => ({ personId: '', evidence: {}, completeNote: '', signOffNote: '', waiveReason: '', reopenReason: '' });

/** The form field of an evidence requirement. */
export const evidenceField = (key: string) => `evidence-${key}`;

const ONE_LINE = /^[^\x00-\x1f\x7f]*$/;
const MULTI_LINE = /^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$/;

/**
 * The same limits as the API's DTOs (CompleteStepDto, SignOffStepDto, ReasonDto), checked before a
 * command is sent so a person gets their mistake on the field, in words.
 */
export function validateStepForm(action: StepAction, v: StepFormValues, step: StepView, people: readonly PersonView[]): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  const text = (field: string, value: string, o: { label: string; min: number; max: number; multiLine: boolean; required: boolean }) => {
    if (!value) {
      if (o.required) errors.push({ field, message: `Enter ${o.label}` });
    } else if (value.length < o.min) errors.push({ field, message: `Enter ${o.label} of at least ${o.min} characters` });
    else if (value.length > o.max) errors.push({ field, message: `Enter ${o.label} of ${o.max} characters or fewer` });
    else if (!(o.multiLine ? MULTI_LINE : ONE_LINE).test(value))
      errors.push({ field, message: `Enter ${o.label} ${o.multiLine ? 'without control characters' : 'on one line'}` });
  };
  if (action === 'assign' && !people.some((p) => p.id === v.personId)) errors.push({ field: 'personId', message: 'Select the person to assign the step to' });
  if (action === 'complete') {
    for (const e of step.evidenceRequired)
      text(evidenceField(e.key), v.evidence[e.key] ?? '', {
        label: 'where the evidence is kept (a link or document reference)',
        min: 3,
        max: 500,
        multiLine: false,
        required: true,
      });
    text('completeNote', v.completeNote, { label: 'a note', min: 1, max: 2000, multiLine: true, required: false });
  }
  if (action === 'sign-off') text('signOffNote', v.signOffNote, { label: 'a note', min: 1, max: 2000, multiLine: true, required: false });
  if (action === 'waive')
    text('waiveReason', v.waiveReason, { label: 'the reason the step does not apply', min: 10, max: 1000, multiLine: true, required: true });
  if (action === 'reopen')
    text('reopenReason', v.reopenReason, { label: 'the reason for reopening the step', min: 10, max: 1000, multiLine: true, required: true });
  return errors;
}

/** Where a refusal that names no field is shown: the form it came from. */
export const FORM_ANCHORS: Record<StepAction, string> = {
  assign: 'personId',
  start: 'start',
  complete: 'complete',
  'sign-off': 'signOffNote',
  waive: 'waiveReason',
  reopen: 'reopenReason',
};

/** The fields of each form, as ids on the page. */
const FORM_FIELDS: Record<StepAction, (field: string) => boolean> = {
  assign: (f) => f === 'personId',
  start: (f) => f === 'start',
  complete: (f) => f === 'complete' || f === 'completeNote' || f.startsWith('evidence-'),
  'sign-off': (f) => f === 'signOffNote',
  waive: (f) => f === 'waiveReason',
  reopen: (f) => f === 'reopenReason',
};
const SHOWN: Record<StepAction, keyof StepActions> = {
  assign: 'assign',
  start: 'start',
  complete: 'complete',
  'sign-off': 'signOff',
  waive: 'waive',
  reopen: 'reopen',
};

/**
 * Errors pointing at a form the page no longer shows (a refused completion of a step that now
 * waits on another, a sign-off by its completer) point at the actions section instead, so every
 * link of the error summary leads somewhere.
 */
export function anchoredErrors(errors: readonly { field: string; message: string }[], actions: StepActions) {
  return errors.map((e) => {
    const action = STEP_ACTIONS.find((a) => FORM_FIELDS[a](e.field));
    return action && !actions[SHOWN[action]] ? { ...e, field: 'actions' } : e;
  });
}

const who = (actor: { label: string } | null, at: string | null, timeZone: string) =>
  actor ? `${actor.label}${at ? ` on ${ukDateTime(at, timeZone)}` : ''}` : at ? ukDateTime(at, timeZone) : null;

/** Everything the step page shows, for the template. */
export function stepPage(args: {
  ods: string;
  run: RunView;
  step: StepView;
  people: readonly PersonView[];
  actor: StepActor;
  history: readonly Change[];
  values: StepFormValues;
  errors: readonly { field: string; message: string }[];
  today: string;
  timeZone: string;
}) {
  const { step: s, timeZone } = args;
  const actions = stepActions(s, args.run, args.actor);
  const errors = anchoredErrors(args.errors, actions);
  const error = (field: string) => errors.find((e) => e.field === field)?.message ?? null;
  const base = `/organisations/${args.ods}/steps/${encodeURIComponent(s.id)}`;
  const rows = [
    { key: 'Status', value: `${statusTag(s.status).label}${s.overdue ? ' (overdue)' : ''}` },
    { key: 'Assigned to', value: s.assignee ? s.assignee.name : 'Nobody yet' },
    { key: 'Owner role', value: roleLabel(s.ownerRole) },
    { key: 'Due', value: dueInWords(s.dueDate, args.today, isSettled(s.status), timeZone) },
    { key: 'Started', value: s.startedAt ? ukDateTime(s.startedAt, timeZone) : null },
    { key: 'Completed by', value: who(s.completedBy, s.completedAt, timeZone) },
    { key: 'Signed off by', value: who(s.signedOffBy, s.signedOffAt, timeZone) },
    { key: 'Waived by', value: who(s.waivedBy, s.waivedAt, timeZone) },
    { key: 'Reason for the waiver', value: s.waiverReason },
    { key: 'Completion note', value: s.note },
  ].filter((r): r is { key: string; value: string } => r.value !== null);
  if (s.signOffRole && !s.signedOffBy) rows.push({ key: 'Sign-off', value: `Needed from the ${roleInSentence(s.signOffRole)}` });
  const described = new Map(s.evidenceRequired.map((e) => [e.key, e.description]));
  return {
    base,
    errors,
    step: {
      id: s.id,
      title: s.title,
      area: areaLabel(s.area),
      gate: s.gate,
      guidance: s.guidance,
      source: s.source,
      provenance: provenanceInWords(s.addedBy),
      status: statusTag(s.status),
      evidenceRequired: s.evidenceRequired.map((e) => ({ key: e.key, description: e.description })),
      evidence: s.evidence.map((e) => ({ description: described.get(e.key) ?? e.key, reference: e.reference })),
      signOffRole: s.signOffRole ? roleInSentence(s.signOffRole) : null,
      dependsOn: s.dependsOn
        .map((id) => args.run.steps.find((d) => d.id === id))
        .filter((d): d is StepView => d !== undefined)
        .map((d) => ({ title: d.title, href: `/organisations/${args.ods}/steps/${encodeURIComponent(d.id)}`, status: statusTag(d.status) })),
      priorCompletions: s.history.map((h) => ({
        text: `${h.status === 'waived' ? 'Waived' : 'Completed'} by ${(h.status === 'waived' ? h.waivedBy : h.completedBy)?.label ?? 'someone'}${
          h.signedOffBy ? `, signed off by ${h.signedOffBy.label}` : ''
        }; reopened by ${h.reopenedBy.label} on ${ukDate(h.reopenedAt, timeZone)}`,
        reason: h.reopenReason,
      })),
    },
    rows,
    history: args.history,
    version: args.run.version,
    actions,
    forms: {
      people: [
        { value: '', label: 'Select a person', selected: args.values.personId === '' },
        ...args.people.map((p) => ({ value: p.id, label: `${p.name} (${roleLabel(p.role)})`, selected: p.id === args.values.personId })),
      ],
      personIdError: error('personId'),
      evidence: s.evidenceRequired.map((e) => ({
        name: evidenceField(e.key),
        label: e.description,
        value: args.values.evidence[e.key] ?? '',
        error: error(evidenceField(e.key)),
      })),
      completeNote: args.values.completeNote,
      completeNoteError: error('completeNote'),
      signOffNote: args.values.signOffNote,
      signOffNoteError: error('signOffNote'),
      waiveReason: args.values.waiveReason,
      waiveReasonError: error('waiveReason'),
      reopenReason: args.values.reopenReason,
      reopenReasonError: error('reopenReason'),
      completeHint: s.signOffRole
        ? `Once you complete it, the step waits for the ${roleInSentence(s.signOffRole)} to sign it off.`
        : 'Completing the step marks it as done.',
      waiveWarning: s.gate
        ? 'This is a go-live gate step: waiving it lets go-live go ahead without it. Only the clinical lead may do this.'
        : 'A waived step counts as not applicable: the steps that depend on it no longer wait for it, and it leaves the readiness score.',
    },
  };
}
