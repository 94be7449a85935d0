import type { ComplianceReportModel, PortfolioReportModel, ReadinessReportModel } from '../../platform/rendering/template-models';
import { toCsv, type CsvCell } from '../domain/csv';

/*
 * The CSV exports of the three reports. Column headings are for people; values that are data
 * (dates, numbers, ids) are written as they are so a spreadsheet can sort and filter them.
 */

const yesNo = (v: boolean | null | undefined): CsvCell => (v === null || v === undefined ? null : v ? 'yes' : 'no');

/** One row per step of the organisation's run. */
export function readinessCsv(model: ReadinessReportModel): string {
  const header = [
    'ODS code',
    'Organisation',
    'Step ID',
    'Step',
    'Area',
    'Status',
    'Due date',
    'Overdue',
    'Go-live gate',
    'Owner role',
    'Assignee',
    'Completed by',
    'Completed at',
    'Signed off by',
    'Signed off at',
    'Waiver reason',
    'Evidence keys',
    'Evidence references',
    'Added by',
  ];
  const rows = model.steps.map((s) => [
    model.organisation.odsCode,
    model.organisation.name,
    s.id,
    s.title,
    s.area,
    s.statusLabel,
    s.dueDate,
    yesNo(s.overdue),
    yesNo(s.gate),
    s.ownerRole,
    s.assignee,
    s.completedBy,
    s.completedAt,
    s.signedOffBy,
    s.signedOffAt,
    s.waiverReason,
    // One line per evidence item in both columns, so line n of one matches line n of the other.
    (s.evidence ?? []).map((e) => e.key).join('\n'),
    (s.evidence ?? []).map((e) => e.reference).join('\n'),
    s.addedBy,
  ]);
  return toCsv(header, rows);
}

/** One row per organisation the caller may see. */
export function portfolioCsv(model: PortfolioReportModel): string {
  const header = [
    'ODS code',
    'Organisation',
    'Type',
    'Onboarding started',
    'Go-live date',
    'Score',
    'RAG',
    'Go-live gate',
    'Gate steps open',
    'Overdue steps',
    'Overdue gate steps',
    'Forecast completion',
    'Days after go-live',
  ];
  const rows = model.organisations.map((r) => [
    r.organisation.odsCode,
    r.organisation.name,
    r.organisation.type,
    yesNo(r.hasRun),
    r.goLiveDate,
    r.score,
    r.rag,
    r.gateGo === null ? null : r.gateGo ? 'go' : 'no-go',
    r.gateMissing,
    r.overdue,
    r.overdueGate,
    r.forecastDate,
    r.daysAfterGoLive,
  ]);
  return toCsv(header, rows);
}

/**
 * One row per organisation: its readiness, one status column per guideline (headed by the
 * guideline id), then one evidence column per guideline. A plugin check that does not apply to an
 * organisation leaves its cells empty.
 */
export function complianceCsv(model: ComplianceReportModel): string {
  const ids = model.guidelines.map((g) => g.id);
  const header = ['ODS code', 'Organisation', 'Type', 'Score', 'RAG', 'Go-live date', ...ids, ...ids.map((id) => `${id} evidence`)];
  const rows = model.organisations.map((r) => {
    const byId = new Map(r.guidelines.map((g) => [g.id, g]));
    return [
      r.organisation.odsCode,
      r.organisation.name,
      r.organisation.type,
      r.score,
      r.rag,
      r.goLiveDate,
      ...ids.map((id) => byId.get(id)?.status ?? null),
      ...ids.map((id) => byId.get(id)?.evidence ?? null),
    ];
  });
  return toCsv(header, rows);
}
