import type { RunView } from '../../onboarding';
import { goLiveDelta, plural, ragLabel, ukDate } from '../../platform/rendering/template-helpers';
import type { ReadinessView } from '../../readiness';
import { completionChartGeometry, progressSeries } from '../../reports';
import { dueInWords, messageInWords, ragTag, statusTag, type Tag } from './words.view';

/** One reason for the RAG status, in words, with the colour it causes. */
export interface ReasonInWords {
  rag: string;
  level: string;
  text: string;
}

const steps = (n: number, one: string, many: string) => plural(n, one, many);

/**
 * The readiness calculator's RAG reasons ("red: 2 go-live gate step(s) overdue: core.a, core.b")
 * as sentences a lead can act on, with step titles for ids and UK dates. A plugin's reason
 * ("amber: [acute] …") keeps the plugin's words and says which plugin gave it.
 */
export function reasonsInWords(reasons: readonly string[], titles: ReadonlyMap<string, string>, timeZone: string): ReasonInWords[] {
  return reasons.map((raw) => {
    const m = /^(red|amber|green): (.*)$/s.exec(raw);
    const rag = m ? m[1] : 'amber';
    const text = m ? m[2] : raw;
    return { rag, level: ragLabel(rag), text: reasonText(text, titles, timeZone) };
  });
}

function reasonText(text: string, titles: ReadonlyMap<string, string>, timeZone: string): string {
  const named = (ids: string) =>
    ids
      .split(', ')
      .map((id) => `‘${titles.get(id) ?? id}’`)
      .join(', ');
  let m: RegExpExecArray | null;
  if ((m = /^(\d+) go-live gate step\(s\) overdue: (.*)$/.exec(text)))
    return `${steps(Number(m[1]), 'go-live gate step is', 'go-live gate steps are')} overdue: ${named(m[2])}`;
  if ((m = /^go-live date (\d{4}-\d{2}-\d{2}) reached with (\d+) gate step\(s\) open$/.exec(text)))
    return `The go-live date (${ukDate(m[1], timeZone)}) has arrived with ${steps(Number(m[2]), 'go-live gate step', 'go-live gate steps')} still open`;
  if ((m = /^forecast completion (\d{4}-\d{2}-\d{2}) is (\d+) day\(s\) after go-live$/.exec(text)))
    return `At the current pace the checklist will be finished on ${ukDate(m[1], timeZone)}, ${goLiveDelta(Number(m[2]))}`;
  if ((m = /^(\d+) step\(s\) overdue$/.exec(text))) return `${steps(Number(m[1]), 'step is', 'steps are')} overdue`;
  if ((m = /^forecast completion leaves only (\d+) day\(s\) before go-live$/.exec(text)))
    return `At the current pace the checklist will be finished only ${steps(Number(m[1]), 'day', 'days')} before go-live`;
  if ((m = /^no step was completed in the last (\d+) day\(s\): no forecast can be made$/.exec(text)))
    return `No step has been completed in the last ${steps(Number(m[1]), 'day', 'days')}, so no finish date can be forecast`;
  if ((m = /^\[([^\]]+)\] (.*)$/s.exec(text))) return `${messageInWords(m[2], titles)} (from the ${m[1]} plugin)`;
  return messageInWords(text, titles);
}

/** The forecast tile: a headline and the sentence behind it. */
export function forecastInWords(forecast: ReadinessView['forecast'], timeZone: string): { headline: string; text: string } {
  const f = forecast;
  const plan = f.plan.behind
    ? `${f.plan.behind} of the ${steps(f.plan.dueBeforeToday, 'step', 'steps')} due before today ${f.plan.behind === 1 ? 'is' : 'are'} not done yet.`
    : f.plan.dueBeforeToday
      ? `All ${steps(f.plan.dueBeforeToday, 'step', 'steps')} due before today ${f.plan.dueBeforeToday === 1 ? 'is' : 'are'} done.`
      : 'No step is due yet.';
  switch (f.basis) {
    case 'complete':
      return {
        headline: 'Complete',
        text: `Every step is done or waived${f.completionDate ? `: the last was settled on ${ukDate(f.completionDate, timeZone)}` : ''}.`,
      };
    case 'velocity':
      return {
        headline: `${ukDate(f.completionDate!, timeZone)}, ${goLiveDelta(f.daysAfterGoLive!)}`,
        text: `Forecast from the pace of the last ${steps(f.windowDays, 'day', 'days')}: ${steps(f.settledInWindow, 'step', 'steps')} settled, ${f.remaining} to go. ${plan}`,
      };
    case 'stalled':
      return {
        headline: 'Cannot be forecast',
        text: `No step has been completed in the last ${steps(f.windowDays, 'day', 'days')}, so there is no pace to forecast from. ${plan}`,
      };
    default:
      return {
        headline: 'Too early to forecast',
        text: `A forecast needs two weeks of progress; the run started ${steps(f.windowDays, 'day', 'days')} ago. ${plan}`,
      };
  }
}

/** A row of the blockers table: a step that is overdue or that other steps are waiting on. */
export interface BlockerRow {
  id: string;
  title: string;
  status: Tag;
  due: string;
  overdue: boolean;
  holdsUp: number;
}

/**
 * Blockers: every overdue step, then the steps most others are waiting on (readiness's blockers,
 * which it orders overdue first, then by how many steps wait), at most `limit` rows in all.
 */
export function blockerRows(run: RunView, readiness: ReadinessView, today: string, timeZone: string, limit = 10): BlockerRow[] {
  const waiting = new Map(readiness.blockers.map((b) => [b.id, b.blocking.length]));
  const byId = new Map(run.steps.map((s) => [s.id, s]));
  const ids = [...run.steps.filter((s) => s.overdue).map((s) => s.id), ...readiness.blockers.map((b) => b.id)];
  return [...new Set(ids)]
    .map((id) => byId.get(id))
    .filter((s): s is RunView['steps'][number] => s !== undefined)
    .slice(0, limit)
    .map((s) => ({
      id: s.id,
      title: s.title,
      status: statusTag(s.status),
      due: dueInWords(s.dueDate, today, false, timeZone),
      overdue: s.overdue,
      holdsUp: waiting.get(s.id) ?? 0,
    }));
}

/**
 * The completion-over-time chart as numbers for the page's inline SVG (drawn by the template, so
 * nothing unescaped is needed) and as figures for its table: the same series and geometry the
 * readiness report's chart is drawn from.
 */
export function completionChartModel(run: RunView, today: string, timeZone: string) {
  const series = progressSeries(
    {
      startedAt: run.startedAt,
      definitions: run.steps,
      steps: Object.fromEntries(run.steps.map((s) => [s.id, { status: s.status, settledAt: settledAt(s) }])),
    },
    today,
  );
  const g = completionChartGeometry(series, run.goLiveDate, run.startedAt.slice(0, 10), run.steps.length);
  const last = series.at(-1);
  return {
    width: g.width,
    height: g.height,
    viewBox: `0 0 ${g.width} ${g.height}`,
    plot: { ...g.plot, tickLabelX: g.plot.left - 8, dateLabelY: g.plot.bottom + 22 },
    yTicks: g.yTicks.map((t) => ({ ...t, labelY: t.y + 5 })),
    start: { x: g.start.x, label: ukDate(g.start.date, timeZone) },
    end: { x: g.end.x, label: ukDate(g.end.date, timeZone) },
    target: { y: g.target.y, labelX: g.plot.left + 6, labelY: g.target.y - 6, label: `Target: ${steps(g.target.value, 'step', 'steps')}` },
    goLive: {
      x: g.goLive.x,
      top: g.plot.top - 8,
      labelX: g.goLive.nearRight ? g.goLive.x - 6 : g.goLive.x + 6,
      labelY: g.plot.top - 12,
      anchor: g.goLive.nearRight ? 'end' : 'start',
      label: `Go-live ${ukDate(run.goLiveDate, timeZone)}`,
    },
    line: g.line,
    last: g.last,
    summary: last
      ? `${last.settled} of ${steps(run.steps.length, 'step', 'steps')} done or waived by ${ukDate(last.date, timeZone)}. The run started on ${ukDate(run.startedAt.slice(0, 10), timeZone)}; go-live is ${ukDate(run.goLiveDate, timeZone)}.`
      : 'No step has been settled yet.',
    figures: series.map((p) => [{ text: ukDate(p.date, timeZone) }, { text: String(p.settled), numeric: true }]),
  };
}

/** When a step was settled, as its own fields say (the sign-off or completion that made it done, or its waiver). */
function settledAt(s: RunView['steps'][number]): string | null {
  if (s.status === 'done') return s.signedOffAt ?? s.completedAt;
  return s.status === 'waived' ? s.waivedAt : null;
}

/** The readiness tiles' words and tags. */
export function readinessTiles(readiness: ReadinessView, titles: ReadonlyMap<string, string>, timeZone: string) {
  const open = readiness.gate.missing.length;
  return {
    score: readiness.score,
    rag: ragTag(readiness.rag.status),
    reasons: reasonsInWords(readiness.rag.reasons, titles, timeZone),
    gate: readiness.gate.go
      ? { go: true, headline: 'Go', text: 'Every go-live gate step is done or waived.', missing: [] }
      : {
          go: false,
          headline: 'Not ready',
          text: `${steps(open, 'go-live gate step is', 'go-live gate steps are')} not done yet${readiness.gate.missing.some((m) => m.overdue) ? ', and some are overdue' : ''}.`,
          missing: readiness.gate.missing.map((m) => ({ id: m.id, title: m.title, status: statusTag(m.status), overdue: m.overdue })),
        },
    forecast: forecastInWords(readiness.forecast, timeZone),
    goLiveDate: readiness.goLiveDate,
    counts: {
      total: readiness.counts.total,
      done: readiness.counts.done,
      waived: readiness.counts.waived,
      awaitingSignOff: readiness.counts['awaiting-sign-off'],
    },
  };
}
