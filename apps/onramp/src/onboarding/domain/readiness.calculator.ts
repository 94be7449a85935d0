import { AREAS, type Area } from '../../catalogue/domain/step-definition';
import { addDays, daysBetween, toIsoDate } from '../../shared/domain/clock';
import { isOverdue, isSettled, type OnboardingRunSnapshot, type StepStatus } from './onboarding-run';

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
 *    {@link AMBER_SLACK_DAYS} days before go-live, or when nothing was completed in the forecast window
 *    (no forecast can be made) while work remains;
 *  - green otherwise.
 * Area RAG: red with an overdue gate step in the area, amber with any other overdue step, else green.
 *
 * Forecast: the number of steps settled (done or waived) in the last {@link FORECAST_WINDOW_DAYS} days
 * (or since the run started, if sooner) gives a daily rate; the remaining steps at that rate give
 * the completion date.
 */
export const FORECAST_WINDOW_DAYS = 28;
export const AMBER_SLACK_DAYS = 14;

const CREDIT: Record<StepStatus, number> = { done: 1, 'awaiting-sign-off': 0.5, 'in-progress': 0, 'not-started': 0, waived: 0 };

export interface StepFacts {
  id: string;
  title: string;
  area: Area;
  status: StepStatus;
  gate: boolean;
  dueDate: string;
  overdue: boolean;
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
  forecast: {
    completionDate: string | null;
    windowDays: number;
    settledInWindow: number;
    remaining: number;
    daysAfterGoLive: number | null;
    note: string;
  };
  counts: Record<StepStatus, number> & { total: number; overdue: number };
}

function score(steps: { status: StepStatus; weight: number }[]): number {
  const applicable = steps.filter((s) => s.status !== 'waived');
  const total = applicable.reduce((sum, s) => sum + s.weight, 0);
  if (total === 0) return 100;
  return Math.round((100 * applicable.reduce((sum, s) => sum + s.weight * CREDIT[s.status], 0)) / total);
}

export function calculateReadiness(run: OnboardingRunSnapshot, now: Date): Readiness {
  const today = toIsoDate(now);
  const facts = run.definitions.map((d) => {
    const state = run.steps[d.id];
    const dueDate = addDays(run.goLiveDate, d.dueOffsetDays);
    return {
      definition: d,
      state,
      id: d.id,
      title: d.title,
      area: d.area,
      status: state.status,
      gate: d.gate,
      weight: d.weight,
      dueDate,
      overdue: isOverdue(state.status, dueDate, today),
    };
  });

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
    for (const dep of f.definition.dependsOn) waitingOn.set(dep, [...(waitingOn.get(dep) ?? []), f.id]);
  }
  const blockers = facts
    .filter((f) => !isSettled(f.status) && waitingOn.has(f.id))
    .map((f) => ({ id: f.id, title: f.title, status: f.status, overdue: f.overdue, blocking: waitingOn.get(f.id)! }))
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || b.blocking.length - a.blocking.length);

  const forecast = forecastCompletion(run, facts, now);

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
  if (forecast.completionDate === null) reasons.push({ rag: 'amber', text: forecast.note });
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

function forecastCompletion(run: OnboardingRunSnapshot, facts: { status: StepStatus; id: string }[], now: Date): Readiness['forecast'] {
  const today = toIsoDate(now);
  const remaining = facts.filter((f) => !isSettled(f.status)).length;
  const settledTimes = facts
    .filter((f) => isSettled(f.status))
    .map((f) => run.steps[f.id].settledAt)
    .filter((t): t is string => t !== null);
  if (remaining === 0) {
    const last = settledTimes.sort().at(-1) ?? run.startedAt;
    const completionDate = last.slice(0, 10);
    return {
      completionDate,
      windowDays: 0,
      settledInWindow: 0,
      remaining,
      daysAfterGoLive: daysBetween(run.goLiveDate, completionDate),
      note: 'every step is done or waived',
    };
  }
  const windowDays = Math.max(1, Math.min(FORECAST_WINDOW_DAYS, daysBetween(run.startedAt.slice(0, 10), today) + 1));
  const windowStart = addDays(today, -windowDays + 1);
  const settledInWindow = settledTimes.filter((t) => t.slice(0, 10) >= windowStart).length;
  if (settledInWindow === 0) {
    return {
      completionDate: null,
      windowDays,
      settledInWindow,
      remaining,
      daysAfterGoLive: null,
      note: `no step was completed in the last ${windowDays} day(s): no forecast can be made`,
    };
  }
  const completionDate = addDays(today, Math.ceil((remaining * windowDays) / settledInWindow));
  return {
    completionDate,
    windowDays,
    settledInWindow,
    remaining,
    daysAfterGoLive: daysBetween(run.goLiveDate, completionDate),
    note: `${settledInWindow} step(s) settled in the last ${windowDays} day(s); ${remaining} remain`,
  };
}
