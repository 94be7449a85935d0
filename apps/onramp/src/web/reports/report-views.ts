import type { ComplianceReportModel, PortfolioReportModel, ReadinessReportModel } from '../../platform/rendering/template-models';
import {
  areaLabel,
  complianceLabel,
  goLiveDelta,
  plural,
  ragLabel,
  relativeDue,
  statusLabel,
  typeLabel,
  ukDate,
  ukDateTime,
} from '../../platform/rendering/template-helpers';
import { messageInWords } from '../onboarding/words.view';

/**
 * The report models as the report pages show them: the same data the downloads hold, in words
 * and UK dates, with the tables as the table partial takes them (cells of plain text, a link or a
 * tag). Nothing is computed here that the report does not already say.
 */

type Cell = { text: string; href?: string; numeric?: boolean } | { tag: { label: string; colour: string } };
type Rag = 'red' | 'amber' | 'green' | null;

const TAG_COLOURS: Record<string, string> = { red: 'red', amber: 'orange', green: 'green' };
const ragTag = (rag: Rag | string, none = 'Not started'): Cell => ({
  tag: { label: rag === null ? none : ragLabel(rag), colour: rag === null ? 'grey' : (TAG_COLOURS[rag] ?? 'grey') },
});
const COMPLIANCE_COLOURS: Record<string, string> = { met: 'green', 'not-met': 'red', unknown: 'grey' };
const organisationHref = (ods: string) => `/organisations/${encodeURIComponent(ods)}`;

/** A report's download links, one per format the API offers, each naming what the file is. */
export interface DownloadLink {
  href: string;
  label: string;
}

const FORMAT_WORDS: Record<string, string> = {
  html: 'as a web page to print or save (HTML)',
  md: 'as Markdown',
  csv: 'as a spreadsheet (CSV)',
  json: 'as data for other tools (JSON)',
};

export function downloadLinks(base: string, report: string, formats: readonly string[]): DownloadLink[] {
  return formats.map((format) => ({ href: `${base}/download?format=${format}`, label: `Download the ${report} ${FORMAT_WORDS[format]}` }));
}

/**
 * A readiness reason as a person reads it: "red: 1 go-live gate step(s) overdue: core.appoint-…"
 * becomes "Red: 1 go-live gate step(s) overdue: “Appoint a dedicated implementation lead”". The
 * calculator writes its reasons for the API, with step ids; the page names the steps instead.
 */
export function namingSteps(reason: string, titles: ReadonlyMap<string, string>): string {
  const ids = [...titles.keys()].sort((a, b) => b.length - a.length).map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const named = ids.length ? reason.replace(new RegExp(`(?<![\\w.-])(${ids.join('|')})(?![\\w-]|\\.[\\w-])`, 'g'), (id) => `“${titles.get(id)}”`) : reason;
  return named.charAt(0).toUpperCase() + named.slice(1);
}

export function readinessReportView(model: ReadinessReportModel, timeZone: string) {
  const titles = new Map(model.steps.map((s) => [s.id, s.title]));
  const due = (dueDate: string, overdue: boolean) => `${ukDate(dueDate, timeZone)}${overdue ? `, ${relativeDue(dueDate, model.today, timeZone)}` : ''}`;
  return {
    organisation: { name: model.organisation.name, odsCode: model.organisation.odsCode, type: typeLabel(model.organisation.type) },
    overviewHref: organisationHref(model.organisation.odsCode),
    generatedAt: ukDateTime(model.generatedAt, timeZone),
    score: model.score,
    rag: { label: ragLabel(model.rag.status), colour: TAG_COLOURS[model.rag.status], reasons: model.rag.reasons.map((r) => namingSteps(r, titles)) },
    summary: [
      { key: 'Readiness score', value: `${model.score}%` },
      { key: 'RAG status', value: ragLabel(model.rag.status) },
      {
        key: 'Go/no-go gate',
        value: model.gate.go ? 'Go: every gate step is done or waived' : `No-go: ${plural(model.gate.missing.length, 'gate step', 'gate steps')} open`,
      },
      { key: 'Planned go-live', value: `${ukDate(model.goLiveDate, timeZone)} (${relativeDue(model.goLiveDate, model.today, timeZone).replace(/^due /, '')})` },
      {
        key: 'Forecast finish',
        value:
          model.forecast.completionDate === null
            ? 'No forecast yet'
            : `${ukDate(model.forecast.completionDate, timeZone)}${model.forecast.daysAfterGoLive === null ? '' : `, ${goLiveDelta(model.forecast.daysAfterGoLive)}`}`,
      },
      { key: 'Steps', value: `${model.counts.done} of ${model.counts.total} done, ${model.counts.overdue} overdue` },
    ],
    forecastNote: model.forecast.note,
    gate: {
      go: model.gate.go,
      head: ['Gate step', 'Status', 'Due'],
      rows: model.gate.missing.map((s): Cell[] => [{ text: s.title }, { text: statusLabel(s.status) }, { text: due(s.dueDate, s.overdue) }]),
    },
    areas: {
      head: ['Area', { text: 'Score', numeric: true }, 'RAG status', { text: 'Settled', numeric: true }, { text: 'Overdue', numeric: true }],
      rows: model.areas.map((a): Cell[] => [
        { text: a.label },
        { text: `${a.score}%`, numeric: true },
        ragTag(a.rag),
        { text: `${a.settled} of ${a.total}`, numeric: true },
        { text: String(a.overdue), numeric: true },
      ]),
    },
    blockers: model.blockers.map((b) => ({
      title: b.title,
      status: statusLabel(b.status),
      overdue: b.overdue,
      holdingUp: b.blocking.map((id) => titles.get(id) ?? id).join('; '),
      count: plural(b.blocking.length, 'step', 'steps'),
    })),
    counts: model.counts,
    steps: {
      head: ['Step', 'Area', 'Status', 'Due', 'Assigned to'],
      rows: model.steps.map((s): Cell[] => [
        { text: s.gate ? `${s.title} (go-live gate)` : s.title },
        { text: areaLabel(s.area) },
        { text: statusLabel(s.status) },
        { text: due(s.dueDate, s.overdue) },
        { text: s.assignee ?? 'Not assigned' },
      ]),
    },
  };
}

export function portfolioReportView(model: PortfolioReportModel, timeZone: string) {
  return {
    generatedAt: ukDateTime(model.generatedAt, timeZone),
    summary: [
      { key: 'Organisations', value: String(model.summary.organisations) },
      { key: 'Red', value: String(model.summary.red) },
      { key: 'Amber', value: String(model.summary.amber) },
      { key: 'Green', value: String(model.summary.green) },
      { key: 'Not started', value: String(model.summary.notStarted) },
      { key: 'Go/no-go gate passed', value: String(model.summary.gateGo) },
    ],
    head: [
      'Organisation',
      'Type',
      'RAG status',
      { text: 'Readiness', numeric: true },
      'Go/no-go gate',
      'Go-live',
      'Forecast finish',
      { text: 'Overdue steps', numeric: true },
    ],
    rows: model.organisations.map((r): Cell[] => [
      { text: `${r.organisation.name} (${r.organisation.odsCode})`, href: organisationHref(r.organisation.odsCode) },
      { text: typeLabel(r.organisation.type) },
      ragTag(r.rag),
      { text: r.score === null ? '' : `${r.score}%`, numeric: true },
      { text: !r.hasRun ? '' : r.gateGo ? 'Go' : `No-go${r.gateMissing === null ? '' : ` (${r.gateMissing} open)`}` },
      { text: r.goLiveDate === null ? 'Not set' : ukDate(r.goLiveDate, timeZone) },
      {
        text: !r.hasRun
          ? ''
          : r.forecastDate === null
            ? 'No forecast yet'
            : `${ukDate(r.forecastDate, timeZone)}${r.daysAfterGoLive === null ? '' : `, ${goLiveDelta(r.daysAfterGoLive)}`}`,
      },
      { text: r.overdue === null ? '' : `${r.overdue}${r.overdueGate ? ` (${r.overdueGate} gate)` : ''}`, numeric: true },
    ]),
  };
}

/** What the compliance page needs to name the steps and evidence its results cite by id and key. */
export interface StepNames {
  titles: ReadonlyMap<string, string>;
  /** Evidence requirement keys and what each is. */
  evidence: ReadonlyMap<string, string>;
}

/**
 * A guideline's evidence as a person reads it. The compliance rules write it for the CSV and the
 * API ("core.x is not started, due 2026-08-18 | core.y: completed by Kim (implementation-lead) on
 * 2026-07-01; evidence appointment-record: Board minute 4"); the page names the steps and the
 * evidence, says roles in words and dates in UK format, and makes each part a sentence.
 */
export function complianceEvidenceInWords(evidence: string, names: StepNames, timeZone: string): string {
  return evidence
    .split(' | ')
    .map((part) => {
      let text = part;
      for (const [key, description] of names.evidence)
        text = text.split(`evidence ${key}: `).join(`evidence: ${description}: `).split(`; ${key}: `).join(`; ${description}: `);
      text = text.replace(/(?<![\w/.-])(\d{4}-\d{2}-\d{2})(?![\w/-]|\.\w)/g, (day) => {
        try {
          return ukDate(day, timeZone);
        } catch {
          return day; // not a real day (a reference that only looks like one): left as written
        }
      });
      const sentence = messageInWords(text, names.titles);
      return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
    })
    .join(' ');
}

export function complianceReportView(model: ComplianceReportModel, timeZone: string, names: StepNames = { titles: new Map(), evidence: new Map() }) {
  const count = (row: ComplianceReportModel['organisations'][number], status: string) => String(row.guidelines.filter((g) => g.status === status).length);
  return {
    generatedAt: ukDateTime(model.generatedAt, timeZone),
    summary: [
      { key: 'Organisations', value: String(model.summary.organisations) },
      { key: 'Checks met', value: String(model.summary.met) },
      { key: 'Checks not met', value: String(model.summary.notMet) },
      { key: 'Checks unknown (no evidence either way yet)', value: String(model.summary.unknown) },
    ],
    guidelines: model.guidelines.map((g) => ({ title: g.title, source: g.source, isLink: g.source.startsWith('https://') })),
    head: ['Organisation', 'Readiness', { text: 'Met', numeric: true }, { text: 'Not met', numeric: true }, { text: 'Unknown', numeric: true }],
    rows: model.organisations.map((r): Cell[] => [
      { text: `${r.organisation.name} (${r.organisation.odsCode})`, href: organisationHref(r.organisation.odsCode) },
      { text: r.score === null ? 'Not started' : `${r.score}% (${ragLabel(r.rag)})` },
      { text: count(r, 'met'), numeric: true },
      { text: count(r, 'not-met'), numeric: true },
      { text: count(r, 'unknown'), numeric: true },
    ]),
    organisations: model.organisations.map((r) => ({
      name: r.organisation.name,
      odsCode: r.organisation.odsCode,
      caption: `Guidelines for ${r.organisation.name}`,
      head: ['Guideline', 'Status', 'Evidence'],
      rows: r.guidelines.map((g): Cell[] => [
        { text: g.title },
        { tag: { label: complianceLabel(g.status), colour: COMPLIANCE_COLOURS[g.status] } },
        { text: complianceEvidenceInWords(g.evidence, names, timeZone) },
      ]),
    })),
  };
}
