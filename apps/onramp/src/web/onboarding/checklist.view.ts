import type { RunView } from '../../onboarding';
import type { PersonView } from '../../organisations';
import { areaLabel, roleLabel, statusLabel } from '../../platform/rendering/template-helpers';
import { addDays } from '../../shared/domain/clock';
import { isSettled, STEP_STATUSES, type StepStatus } from '../../shared/domain/step-status';
import { AREAS, PERSON_ROLES } from '../../shared/plugin-sdk';
import { dueInWords, statusTag } from './words.view';

export const DUE_WINDOWS = ['overdue', 'this-week', 'this-month', 'later'] as const;
export type DueWindow = (typeof DUE_WINDOWS)[number];

const DUE_LABELS: Record<DueWindow, string> = {
  overdue: 'Overdue',
  'this-week': 'Due in the next 7 days',
  'this-month': 'Due in the next 30 days',
  later: 'Due later than 30 days from now',
};

/** The checklist's filters as the page's GET form sends them; a value the form could not have sent counts as no filter. */
export interface ChecklistFilter {
  area: string | null;
  status: StepStatus | null;
  /** A person's id, or `none` for steps assigned to nobody. */
  assignee: string | null;
  owner: string | null;
  due: DueWindow | null;
}

const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const pick = <T extends string>(v: unknown, allowed: readonly T[]): T | null => {
  const s = one(v);
  return typeof s === 'string' && (allowed as readonly string[]).includes(s) ? (s as T) : null;
};

export function parseFilter(query: Record<string, unknown>, people: readonly PersonView[]): ChecklistFilter {
  return {
    area: pick(query.area, AREAS),
    status: pick(query.status, STEP_STATUSES),
    assignee: pick(query.assignee, ['none', ...people.map((p) => p.id)]),
    owner: pick(query.owner, PERSON_ROLES),
    due: pick(query.due, DUE_WINDOWS),
  };
}

/**
 * Whether a step falls in a due window. Overdue is what readiness calls overdue (not settled and
 * due before today); the others are by date alone: the next 7 days and the next 30 days start
 * today (so the second includes the first), later is beyond 30 days.
 */
export function inDueWindow(step: Pick<RunView['steps'][number], 'dueDate' | 'overdue'>, window: DueWindow, today: string): boolean {
  switch (window) {
    case 'overdue':
      return step.overdue;
    case 'this-week':
      return step.dueDate >= today && step.dueDate <= addDays(today, 6);
    case 'this-month':
      return step.dueDate >= today && step.dueDate <= addDays(today, 29);
    default:
      return step.dueDate > addDays(today, 29);
  }
}

export function filterSteps(steps: RunView['steps'], f: ChecklistFilter, today: string): RunView['steps'] {
  return steps.filter(
    (s) =>
      (f.area === null || s.area === f.area) &&
      (f.status === null || s.status === f.status) &&
      (f.assignee === null || (f.assignee === 'none' ? s.assignee === null : s.assignee?.id === f.assignee)) &&
      (f.owner === null || s.ownerRole === f.owner) &&
      (f.due === null || inDueWindow(s, f.due, today)),
  );
}

const options = (values: readonly { value: string; label: string }[], selected: string | null, anyLabel: string) => [
  { value: '', label: anyLabel, selected: selected === null },
  ...values.map((v) => ({ ...v, selected: v.value === selected })),
];

/** Everything the checklist page shows: the filter form (with what is chosen), the count and the table. */
export function checklistPage(args: { ods: string; run: RunView; people: readonly PersonView[]; filter: ChecklistFilter; today: string; timeZone: string }) {
  const { run, filter, today, timeZone } = args;
  const shown = filterSteps(run.steps, filter, today);
  // Only the areas and owner roles this checklist has: a filter that can only ever show nothing is noise.
  const areas = AREAS.filter((a) => run.steps.some((s) => s.area === a));
  const owners = PERSON_ROLES.filter((r) => run.steps.some((s) => s.ownerRole === r));
  return {
    filters: {
      area: options(
        areas.map((a) => ({ value: a, label: areaLabel(a) })),
        filter.area,
        'Any area',
      ),
      status: options(
        STEP_STATUSES.map((s) => ({ value: s, label: statusLabel(s) })),
        filter.status,
        'Any status',
      ),
      assignee: options(
        [{ value: 'none', label: 'Nobody (unassigned)' }, ...args.people.map((p) => ({ value: p.id, label: p.name }))],
        filter.assignee,
        'Anyone',
      ),
      owner: options(
        owners.map((r) => ({ value: r, label: roleLabel(r) })),
        filter.owner,
        'Any owner role',
      ),
      due: options(
        DUE_WINDOWS.map((d) => ({ value: d, label: DUE_LABELS[d] })),
        filter.due,
        'Any due date',
      ),
    },
    filtered: Object.values(filter).some((v) => v !== null),
    shown: shown.length,
    total: run.steps.length,
    rows: shown.map((s) => [
      { text: s.title, href: `/organisations/${args.ods}/steps/${encodeURIComponent(s.id)}` },
      { text: areaLabel(s.area) },
      { text: roleLabel(s.ownerRole) },
      { text: s.assignee ? s.assignee.name : 'Nobody' },
      { text: dueInWords(s.dueDate, today, isSettled(s.status), timeZone) },
      { tag: statusTag(s.status) },
    ]),
  };
}
