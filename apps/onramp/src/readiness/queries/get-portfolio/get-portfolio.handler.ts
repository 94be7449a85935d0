import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { OnboardingRunRepository } from '../../../onboarding';
import { OrganisationEntity } from '../../../organisations';
import { sqlEm } from '../../../platform/database/sql-entity-manager';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { CLOCK, type Clock, toIsoDate } from '../../../shared/domain/clock';
import { AMBER_SLACK_DAYS, type Rag } from '../../domain/readiness.calculator';
import { summaryRow } from '../../events/readiness-summary.projection';
import { ReadinessService } from '../../readiness.service';
import { GetPortfolio, type ForecastBand, type PortfolioCounts, type PortfolioEntry, type PortfolioSort } from './get-portfolio.query';

interface Row {
  ods_code: string;
  name: string;
  type: string;
  go_live_date: string | null;
  score: number | null;
  rag: Rag | null;
  gate_go: boolean | number | null;
  gate_open: number | null;
  forecast_completion: string | null;
  forecast_slack_days: number | null;
  overdue: number | null;
  overdue_gate: number | null;
  as_of: string | null;
}

/** Worst first: red, amber, green, then no run; the least slack first within a colour. */
const ORDER: Record<PortfolioSort, string> = {
  rag: 'coalesce(s.rag_rank, 3), coalesce(s.forecast_slack_days, -100000), o.name, o.ods_code',
  slack: 'case when s.organisation is null then 1 else 0 end, coalesce(s.forecast_slack_days, -100000), o.name, o.ods_code',
  name: 'o.name, o.ods_code',
  'go-live': 'case when s.go_live_date is null then 1 else 0 end, s.go_live_date, o.name, o.ods_code',
  // Most overdue steps first; no run (no count) last.
  overdue: 'coalesce(s.overdue, -1) desc, o.name, o.ods_code',
};
const RAG_RANK: Record<Rag, number> = { red: 0, amber: 1, green: 2 };

/** The readiness rules' forecast terms (readiness.calculator.ts) as conditions on the summary's columns. */
const FORECAST: Record<ForecastBand, string> = {
  behind: 's.forecast_slack_days < 0',
  'at-risk': `(s.forecast_slack_days >= 0 and s.forecast_slack_days < ${AMBER_SLACK_DAYS} and s.steps_settled < s.steps_total)`,
  'on-track': `(s.forecast_slack_days >= ${AMBER_SLACK_DAYS} or (s.forecast_slack_days >= 0 and s.steps_settled >= s.steps_total))`,
  'no-forecast': '(s.organisation is not null and s.forecast_slack_days is null)',
};

/**
 * The portfolio from the readiness read model: one query of organisation and summary columns
 * (no run document is read), sorted, filtered and paged by the database. A summary computed on
 * an earlier day (before the daily refresh reached it) is recomputed for today, so nobody sees
 * yesterday's overdue steps.
 */
@QueryHandler(GetPortfolio)
export class GetPortfolioHandler implements IQueryHandler<GetPortfolio> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly runs: OnboardingRunRepository,
    private readonly readiness: ReadinessService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(q: GetPortfolio): Promise<{ total: number; items: PortfolioEntry[]; counts?: PortfolioCounts }> {
    const em = sqlEm(this.uow.reader());
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.scope !== 'all') {
      where.push('o.ods_code = ?');
      params.push(q.scope);
    }
    const f = q.options.filter ?? {};
    if (f.type?.length) {
      where.push(`o.type in (${f.type.map(() => '?').join(', ')})`);
      params.push(...f.type);
    }
    if (f.rag?.length) {
      const ranks = f.rag.filter((r): r is Rag => r !== 'none').map((r) => RAG_RANK[r]);
      const clauses = [
        ...(ranks.length ? [`s.rag_rank in (${ranks.map(() => '?').join(', ')})`] : []),
        ...(f.rag.includes('none') ? ['s.organisation is null'] : []),
      ];
      where.push(`(${clauses.join(' or ')})`);
      params.push(...ranks);
    }
    if (f.overdue) where.push('s.overdue > 0');
    if (f.forecast?.length) where.push(`(${f.forecast.map((b) => FORECAST[b]).join(' or ')})`);
    const from = `from organisations o left join readiness_summaries s on s.organisation = o.ods_code${where.length ? ` where ${where.join(' and ')}` : ''}`;
    const page = q.options.limit !== undefined ? ` limit ${Math.trunc(q.options.limit)} offset ${Math.trunc(q.options.offset ?? 0)}` : '';
    const connection = em.getConnection();
    const [rows, counted, byRag] = await Promise.all([
      connection.execute<Row[]>(
        `select o.ods_code, o.name, o.type, s.go_live_date, s.score, s.rag, s.gate_go, s.gate_open, s.forecast_completion, s.forecast_slack_days, s.overdue, s.overdue_gate, s.as_of ${from} order by ${ORDER[q.options.sort ?? 'rag']}${page}`,
        params,
      ),
      page && !q.options.withCounts ? connection.execute<{ n: number | string }[]>(`select count(*) as n ${from}`, params) : Promise.resolve(null),
      // The counts add up to the total, so with them no separate count is needed.
      q.options.withCounts
        ? connection.execute<{ rank: number | string | null; n: number | string }[]>(
            `select s.rag_rank as rank, count(*) as n ${from} group by s.rag_rank`,
            params,
          )
        : Promise.resolve(null),
    ]);
    const today = toIsoDate(this.clock.now());
    const items = await Promise.all(rows.map((r) => (r.as_of !== null && r.as_of < today ? this.fresh(r) : entry(r))));
    if (byRag) {
      const counts = countsOf(byRag);
      return { total: counts.red + counts.amber + counts.green + counts.notStarted, items, counts };
    }
    return { total: counted ? Number(counted[0].n) : items.length, items };
  }

  /** A summary from an earlier day, recomputed in memory for today (the daily job writes it). */
  private async fresh(r: Row): Promise<PortfolioEntry> {
    const em = this.uow.reader();
    const run = await this.runs.find(em, r.ods_code);
    if (!run) return entry({ ...r, as_of: null, score: null });
    const organisation = { odsCode: r.ods_code, name: r.name, type: r.type as OrganisationEntity['type'] };
    // The row the daily refresh would write, so its columns are derived in one place.
    const s = summaryRow(run, organisation, this.readiness.assess(run, organisation), toIsoDate(this.clock.now()));
    return entry({
      ...r,
      go_live_date: s.goLiveDate,
      score: s.score,
      rag: s.rag as Rag,
      gate_go: s.gateGo,
      gate_open: s.gateOpen,
      forecast_completion: s.forecastCompletion,
      forecast_slack_days: s.forecastSlackDays,
      overdue: s.overdue,
      overdue_gate: s.overdueGate,
      as_of: s.asOf,
    });
  }
}

/**
 * The stored RAG of each match. A summary from an earlier day is counted as stored until the daily
 * refresh rewrites it, while the rows above show it recomputed: the same lag the RAG filter has.
 */
function countsOf(rows: { rank: number | string | null; n: number | string }[]): PortfolioCounts {
  const counts: PortfolioCounts = { red: 0, amber: 0, green: 0, notStarted: 0 };
  const key: Record<number, keyof PortfolioCounts> = { 0: 'red', 1: 'amber', 2: 'green' };
  for (const r of rows) counts[r.rank === null ? 'notStarted' : key[Number(r.rank)]] += Number(r.n);
  return counts;
}

function entry(r: Row): PortfolioEntry {
  const hasRun = r.as_of !== null;
  return {
    odsCode: r.ods_code,
    name: r.name,
    type: r.type,
    hasRun,
    goLiveDate: hasRun ? r.go_live_date : null,
    score: hasRun ? Number(r.score) : null,
    rag: hasRun ? r.rag : null,
    gateGo: hasRun ? Boolean(r.gate_go) : null,
    gateOpen: hasRun ? Number(r.gate_open) : null,
    forecastCompletion: hasRun ? r.forecast_completion : null,
    forecastSlackDays: hasRun && r.forecast_slack_days !== null ? Number(r.forecast_slack_days) : null,
    overdue: hasRun ? Number(r.overdue) : null,
    overdueGate: hasRun ? Number(r.overdue_gate) : null,
  };
}
