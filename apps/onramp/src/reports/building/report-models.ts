import type { ComplianceReportModel, ComplianceRow, PortfolioReportModel, PortfolioRow, ReadinessReportModel } from '../../platform/rendering/template-models';
import { isOverdue, STEP_STATUS_LABELS, type OnboardingRunSnapshot } from '../../onboarding';
import type { Readiness } from '../../readiness';
import { addDays, toIsoDate } from '../../shared/domain/clock';
import { AREA_LABELS } from '../../shared/plugin-sdk';
import { areaProgressChart, completionChart } from '../domain/charts';
import type { GuidelineResult } from './compliance.rules';

/*
 * Pure builders of the report models (the data contract in template-models.ts) from a run, its
 * readiness and the compliance results. Strings stay plain text: the templates, the CSV writer and
 * the chart code each escape for their own format.
 */

export interface OrganisationFacts {
  odsCode: string;
  name: string;
  type: string;
}

/**
 * Cumulative settled (done or waived) steps per day, from the day the run started to today: one
 * point on the start day, one on each day a step settled, and one today, so the line reaches the
 * present even after a quiet spell. A reopened step has lost its settled time and drops out.
 */
export function progressSeries(
  run: { startedAt: string; definitions: readonly { id: string }[]; steps: Readonly<Record<string, { status: string; settledAt: string | null } | undefined>> },
  today: string,
): { date: string; settled: number }[] {
  const start = run.startedAt.slice(0, 10);
  const perDay = new Map<string, number>();
  for (const d of run.definitions) {
    const s = run.steps[d.id];
    if (!s || (s.status !== 'done' && s.status !== 'waived') || !s.settledAt) continue;
    const day = s.settledAt.slice(0, 10) < start ? start : s.settledAt.slice(0, 10);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  const days = [...new Set([start, ...perDay.keys(), ...(today > start ? [today] : [])])].sort();
  let settled = 0;
  return days.map((date) => {
    settled += perDay.get(date) ?? 0;
    return { date, settled };
  });
}

const who = (actor: { label: string; role: string } | null) => (actor ? `${actor.label} (${actor.role})` : null);

/** The organisation's readiness report: the run as it stands, readiness (with plugin adjustments) and the two charts. */
export function buildReadinessReport(args: {
  organisation: OrganisationFacts;
  run: OnboardingRunSnapshot;
  runVersion: number;
  readiness: Readiness;
  /** Person id → name, for assignees. */
  people: ReadonlyMap<string, string>;
  now: Date;
}): ReadinessReportModel {
  const { organisation, run, readiness, now } = args;
  const today = toIsoDate(now);
  const c = readiness.counts;
  const areas = readiness.areas.map((a) => ({
    area: a.area,
    label: AREA_LABELS[a.area],
    score: a.score,
    rag: a.rag,
    total: a.total,
    settled: a.settled,
    overdue: a.overdue,
  }));
  const progress = progressSeries(run, today);
  const steps = run.definitions.map((d) => {
    const s = run.steps[d.id];
    const dueDate = addDays(run.goLiveDate, d.dueOffsetDays);
    return {
      id: d.id,
      title: d.title,
      area: d.area,
      status: s.status,
      statusLabel: STEP_STATUS_LABELS[s.status],
      dueDate,
      overdue: isOverdue(s.status, dueDate, today),
      gate: d.gate,
      assignee: s.assigneeId ? (args.people.get(s.assigneeId) ?? '(removed)') : null,
      addedBy: d.origin.reason,
      ownerRole: d.ownerRole,
      completedBy: who(s.completedBy),
      completedAt: s.completedAt,
      signedOffBy: who(s.signedOffBy),
      signedOffAt: s.signedOffAt,
      waiverReason: s.waiverReason,
      evidence: s.evidence.map((e) => ({ key: e.key, reference: e.reference })),
    };
  });
  return {
    organisation: { odsCode: organisation.odsCode, name: organisation.name, type: organisation.type },
    generatedAt: now.toISOString(),
    today,
    runVersion: args.runVersion,
    catalogueVersion: run.catalogueVersion,
    plugins: (run.plugins ?? []).map((p) => ({ id: p.id, version: p.version })),
    goLiveDate: run.goLiveDate,
    score: readiness.score,
    rag: { status: readiness.rag.status, reasons: [...readiness.rag.reasons] },
    gate: {
      go: readiness.gate.go,
      missing: readiness.gate.missing.map((m) => ({ id: m.id, title: m.title, status: m.status, dueDate: m.dueDate, overdue: m.overdue })),
    },
    areas,
    blockers: readiness.blockers.map((b) => ({ id: b.id, title: b.title, status: b.status, overdue: b.overdue, blocking: [...b.blocking] })),
    forecast: { completionDate: readiness.forecast.completionDate, daysAfterGoLive: readiness.forecast.daysAfterGoLive, note: readiness.forecast.note },
    counts: {
      total: c.total,
      overdue: c.overdue,
      done: c.done,
      waived: c.waived,
      awaitingSignOff: c['awaiting-sign-off'],
      inProgress: c['in-progress'],
      notStarted: c['not-started'],
    },
    steps,
    progress,
    charts: {
      areas: areaProgressChart(areas.map((a) => ({ label: a.label, score: a.score, rag: a.rag, settled: a.settled, total: a.total }))),
      progress: completionChart(progress, run.goLiveDate, run.startedAt.slice(0, 10), c.total),
    },
  };
}

/** One organisation in the national portfolio; `readiness` is null when no run has started. */
export function portfolioRow(organisation: OrganisationFacts, readiness: Readiness | null): PortfolioRow {
  const org = { odsCode: organisation.odsCode, name: organisation.name, type: organisation.type };
  if (!readiness) {
    return {
      organisation: org,
      hasRun: false,
      goLiveDate: null,
      score: null,
      rag: null,
      gateGo: null,
      gateMissing: null,
      forecastDate: null,
      daysAfterGoLive: null,
      overdue: null,
      overdueGate: null,
    };
  }
  return {
    organisation: org,
    hasRun: true,
    goLiveDate: readiness.goLiveDate,
    score: readiness.score,
    rag: readiness.rag.status,
    gateGo: readiness.gate.go,
    gateMissing: readiness.gate.missing.length,
    forecastDate: readiness.forecast.completionDate,
    daysAfterGoLive: readiness.forecast.daysAfterGoLive,
    overdue: readiness.counts.overdue,
    overdueGate: readiness.gate.missing.filter((m) => m.overdue).length,
  };
}

export function buildPortfolioReport(rows: PortfolioRow[], now: Date): PortfolioReportModel {
  return {
    generatedAt: now.toISOString(),
    today: toIsoDate(now),
    summary: {
      organisations: rows.length,
      red: rows.filter((r) => r.rag === 'red').length,
      amber: rows.filter((r) => r.rag === 'amber').length,
      green: rows.filter((r) => r.rag === 'green').length,
      notStarted: rows.filter((r) => !r.hasRun).length,
      gateGo: rows.filter((r) => r.gateGo === true).length,
    },
    organisations: rows,
  };
}

export function complianceRow(organisation: OrganisationFacts, readiness: Readiness | null, results: GuidelineResult[]): ComplianceRow {
  return {
    organisation: { odsCode: organisation.odsCode, name: organisation.name, type: organisation.type },
    score: readiness?.score ?? null,
    rag: readiness?.rag.status ?? null,
    goLiveDate: readiness?.goLiveDate ?? null,
    guidelines: results.map((r) => ({ id: r.id, title: r.title, status: r.status, evidence: r.evidence, source: r.source })),
  };
}

/**
 * The compliance report. Its guideline list is every guideline that appears in any row, in order
 * of first appearance (core guidelines first, then plugin checks). The summary counts guideline
 * results (cells), not organisations.
 */
export function buildComplianceReport(rows: ComplianceRow[], now: Date, reportLink: string): ComplianceReportModel {
  const guidelines = new Map<string, { id: string; title: string; source: string }>();
  for (const row of rows) for (const g of row.guidelines) if (!guidelines.has(g.id)) guidelines.set(g.id, { id: g.id, title: g.title, source: g.source });
  const cells = rows.flatMap((r) => r.guidelines);
  return {
    generatedAt: now.toISOString(),
    today: toIsoDate(now),
    guidelines: [...guidelines.values()],
    summary: {
      organisations: rows.length,
      met: cells.filter((g) => g.status === 'met').length,
      notMet: cells.filter((g) => g.status === 'not-met').length,
      unknown: cells.filter((g) => g.status === 'unknown').length,
    },
    organisations: rows,
    reportLink,
  };
}
