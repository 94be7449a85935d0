import { addDays, daysBetween, toIsoDate } from '../../shared/domain/clock';
import { AREAS, type Area } from '../../shared/plugin-sdk';
import { isOverdue, isSettled, type StepStatus } from '../../shared/domain/step-status';

export type Rag = 'red' | 'amber' | 'green';

/**
 * The rules, stated once (they are also in the README):
 *
 * Score: each step counts with its weight; done = full credit, awaiting sign-off = half credit,
 * anything else = none. Waived steps leave the score altogether (they do not apply).
 *
 * Overall RAG:
 *  - red when a go-live gate step is overdue, when the forecast completion date is after the go-live
 *    date, or when the go-live date has arrived with the gate still open;
 *  - amber when any other step is overdue, when the forecast leaves less than
 *    {@link AMBER_SLACK_DAYS} days before go-live, or when the run has history enough for a
 *    forecast and nothing was settled in the forecast window while work remains (stalled);
 *  - green otherwise.
 * Area RAG: red with an overdue gate step in the area, amber with any other overdue step, else green.
 *
 * Forecast: a run younger than {@link MIN_FORECAST_HISTORY_DAYS} days has too little history for a
 * rate: it is compared with its plan instead (the steps due before today that are not settled).
 * Older runs: the steps settled in the last {@link FORECAST_WINDOW_DAYS} days (or since the run
 * started, if sooner) give a daily rate; the remaining steps at that rate give the completion date.
 */
export const FORECAST_WINDOW_DAYS = 28;
export const MIN_FORECAST_HISTORY_DAYS = 14;
export const AMBER_SLACK_DAYS = 14;

const CREDIT: Record<StepStatus, number> = { done: 1, 'awaiting-sign-off': 0.5, 'in-progress': 0, 'not-started': 0, waived: 0 };

/** What readiness needs to know about one step. */
export interface ReadinessStep {
  id: string;
  title: string;
  area: Area;
  status: StepStatus;
  gate: boolean;
  weight: number;
  dueDate: string;
  dependsOn: readonly string[];
  /** When the step last became done or waived. */
  settledAt: string | null;
}

/** What readiness is computed from: a run's dates and its steps. */
export interface ReadinessInput {
  organisation: string;
  goLiveDate: string;
  /** ISO timestamp the run started. */
  startedAt: string;
  steps: readonly ReadinessStep[];
}

export interface StepFacts {
  id: string;
  title: string;
  area: Area;
  status: StepStatus;
  gate: boolean;
  dueDate: string;
  overdue: boolean;
}

export interface Forecast {
  /**
   * `velocity`: from the recent completion rate; `plan`: too little history for a rate, compared
   * with the due dates instead; `complete`: nothing remains; `stalled`: nothing settled recently.
   */
  basis: 'velocity' | 'plan' | 'complete' | 'stalled';
  completionDate: string | null;
  windowDays: number;
  settledInWindow: number;
  remaining: number;
  daysAfterGoLive: number | null;
  /** Progress against the due dates: steps due before today, and how many of them are not settled. */
  plan: { dueBeforeToday: number; behind: number };
  note: string;
}

export interface Readiness {
  organisation: string;
  asOf: string;
  goLiveDate: string;
  score: number;
  rag: { status: Rag; reasons: string[] };
  areas: { area: Area; score: number; rag: Rag; total: number; settled: number; overdue: number }[];
  gate: { go: boolean; missing: Pick<StepFacts, 'id' | 'title' | 'status' | 'dueDate' | 'overdue'>[] };
  blockers: { id: string; title: string; status: StepStatus; overdue: boolean; blocking: string[] }[];
  forecast: Forecast;
  counts: Record<StepStatus, number> & { total: number; overdue: number };
}

function score(steps: { status: StepStatus; weight: number }[]): number {
  const applicable = steps.filter((s) => s.status !== 'waived');
  const total = applicable.reduce((sum, s) => sum + s.weight, 0);
  if (total === 0) return 100;
  return Math.round((100 * applicable.reduce((sum, s) => sum + s.weight * CREDIT[s.status], 0)) / total);
}

export function calculateReadiness(run: ReadinessInput, now: Date): Readiness {
  const today = toIsoDate(now);
  const facts = run.steps.map((s) => ({ ...s, overdue: isOverdue(s.status, s.dueDate, today) }));

  const counts = { total: facts.length, overdue: 0, 'not-started': 0, 'in-progress': 0, 'awaiting-sign-off': 0, done: 0, waived: 0 };
  for (const f of facts) {
    counts[f.status]++;
    if (f.overdue) counts.overdue++;
  }

  const areas = AREAS.map((area) => {
    const inArea = facts.filter((f) => f.area === area);
    const rag: Rag = inArea.some((f) => f.overdue && f.gate) ? 'red' : inArea.some((f) => f.overdue) ? 'amber' : 'green';
    return {
      area,
      score: score(inArea),
      rag,
      total: inArea.length,
      settled: inArea.filter((f) => isSettled(f.status)).length,
      overdue: inArea.filter((f) => f.overdue).length,
    };
  }).filter((a) => a.total > 0);

  const missing = facts
    .filter((f) => f.gate && !isSettled(f.status))
    .map(({ id, title, status, dueDate, overdue }) => ({ id, title, status, dueDate, overdue }));

  // A blocker is an unsettled step that unsettled steps depend on.
  const waitingOn = new Map<string, string[]>();
  for (const f of facts) {
    if (isSettled(f.status)) continue;
    for (const dep of f.dependsOn) waitingOn.set(dep, [...(waitingOn.get(dep) ?? []), f.id]);
  }
  const blockers = facts
    .filter((f) => !isSettled(f.status) && waitingOn.has(f.id))
    .map((f) => ({ id: f.id, title: f.title, status: f.status, overdue: f.overdue, blocking: waitingOn.get(f.id)! }))
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || b.blocking.length - a.blocking.length);

  const forecast = forecastCompletion(run, facts, today);

  const reasons: { rag: Rag; text: string }[] = [];
  const overdueGate = facts.filter((f) => f.gate && f.overdue);
  if (overdueGate.length) reasons.push({ rag: 'red', text: `${overdueGate.length} go-live gate step(s) overdue: ${overdueGate.map((f) => f.id).join(', ')}` });
  if (missing.length && today >= run.goLiveDate)
    reasons.push({ rag: 'red', text: `go-live date ${run.goLiveDate} reached with ${missing.length} gate step(s) open` });
  if (forecast.daysAfterGoLive !== null && forecast.daysAfterGoLive > 0)
    reasons.push({ rag: 'red', text: `forecast completion ${forecast.completionDate} is ${forecast.daysAfterGoLive} day(s) after go-live` });
  const overdueOther = facts.filter((f) => !f.gate && f.overdue);
  if (overdueOther.length) reasons.push({ rag: 'amber', text: `${overdueOther.length} step(s) overdue` });
  if (forecast.daysAfterGoLive !== null && forecast.daysAfterGoLive <= 0 && -forecast.daysAfterGoLive < AMBER_SLACK_DAYS && forecast.remaining > 0)
    reasons.push({ rag: 'amber', text: `forecast completion leaves only ${-forecast.daysAfterGoLive} day(s) before go-live` });
  if (forecast.basis === 'stalled') reasons.push({ rag: 'amber', text: forecast.note });
  const status: Rag = reasons.some((r) => r.rag === 'red') ? 'red' : reasons.length ? 'amber' : 'green';

  return {
    organisation: run.organisation,
    asOf: now.toISOString(),
    goLiveDate: run.goLiveDate,
    score: score(facts),
    rag: { status, reasons: reasons.map((r) => `${r.rag}: ${r.text}`) },
    areas,
    gate: { go: missing.length === 0, missing },
    blockers,
    forecast,
    counts,
  };
}

function forecastCompletion(run: ReadinessInput, facts: (ReadinessStep & { overdue: boolean })[], today: string): Forecast {
  const remaining = facts.filter((f) => !isSettled(f.status)).length;
  const settledTimes = facts.filter((f) => isSettled(f.status) && f.settledAt !== null).map((f) => f.settledAt!);
  const dueBeforeToday = facts.filter((f) => f.dueDate < today).length;
  const plan = { dueBeforeToday, behind: facts.filter((f) => f.overdue).length };
  const planText = plan.behind
    ? `behind plan: ${plan.behind} of ${dueBeforeToday} step(s) due before today are not done`
    : dueBeforeToday
      ? `on plan: all ${dueBeforeToday} step(s) due before today are done`
      : 'on plan: no step is due yet';
  if (remaining === 0) {
    const last = settledTimes.sort().at(-1) ?? run.startedAt;
    const completionDate = last.slice(0, 10);
    return {
      basis: 'complete',
      completionDate,
      windowDays: 0,
      settledInWindow: 0,
      remaining,
      daysAfterGoLive: daysBetween(run.goLiveDate, completionDate),
      plan,
      note: 'every step is done or waived',
    };
  }
  const age = daysBetween(run.startedAt.slice(0, 10), today) + 1;
  const windowDays = Math.max(1, Math.min(FORECAST_WINDOW_DAYS, age));
  const windowStart = addDays(today, -windowDays + 1);
  const settledInWindow = settledTimes.filter((t) => t.slice(0, 10) >= windowStart).length;
  if (age < MIN_FORECAST_HISTORY_DAYS) {
    return {
      basis: 'plan',
      completionDate: null,
      windowDays,
      settledInWindow,
      remaining,
      daysAfterGoLive: null,
      plan,
      note: `the run started ${age} day(s) ago: a forecast needs ${MIN_FORECAST_HISTORY_DAYS} days of history; ${planText}`,
    };
  }
  if (settledInWindow === 0) {
    return {
      basis: 'stalled',
      completionDate: null,
      windowDays,
      settledInWindow,
      remaining,
      daysAfterGoLive: null,
      plan,
      note: `no step was completed in the last ${windowDays} day(s): no forecast can be made`,
    };
  }
  const completionDate = addDays(today, Math.ceil((remaining * windowDays) / settledInWindow));
  return {
    basis: 'velocity',
    completionDate,
    windowDays,
    settledInWindow,
    remaining,
    daysAfterGoLive: daysBetween(run.goLiveDate, completionDate),
    plan,
    note: `${settledInWindow} step(s) settled in the last ${windowDays} day(s); ${remaining} remain; ${planText}`,
  };
}
