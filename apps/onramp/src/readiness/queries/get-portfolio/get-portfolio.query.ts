import { Query } from '@nestjs/cqrs';
import type { OrganisationType } from '../../../shared/plugin-sdk';
import type { Rag } from '../../domain/readiness.calculator';

export const PORTFOLIO_SORTS = ['rag', 'slack', 'name', 'go-live', 'overdue'] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];

/**
 * Where the forecast leaves an organisation against its go-live date, in the readiness rules'
 * terms: behind (finishes after go-live: red), at risk (finishes less than AMBER_SLACK_DAYS
 * before it with work left: amber), on track (the rest), no forecast (a run too young or stalled
 * for one). Organisations without a run have no forecast band at all.
 */
export const FORECAST_BANDS = ['behind', 'at-risk', 'on-track', 'no-forecast'] as const;
export type ForecastBand = (typeof FORECAST_BANDS)[number];

/** How many organisations of each RAG status match (every page of them); notStarted: no run. */
export interface PortfolioCounts {
  red: number;
  amber: number;
  green: number;
  notStarted: number;
}

export interface PortfolioFilter {
  /** `none`: organisations without an onboarding run. */
  rag?: (Rag | 'none')[];
  type?: OrganisationType[];
  /** Only organisations with at least one overdue step. */
  overdue?: boolean;
  /** Any of these forecast bands. */
  forecast?: ForecastBand[];
}

/** One organisation of the portfolio, from the readiness read model. */
export interface PortfolioEntry {
  odsCode: string;
  name: string;
  type: string;
  hasRun: boolean;
  goLiveDate: string | null;
  score: number | null;
  rag: Rag | null;
  gateGo: boolean | null;
  gateOpen: number | null;
  forecastCompletion: string | null;
  /** Days from the forecast completion to go-live: positive finishes early. */
  forecastSlackDays: number | null;
  overdue: number | null;
  overdueGate: number | null;
}

/**
 * The portfolio of the organisations in scope (one, or all for the national team), sorted and
 * filtered in the database; `limit`/`offset` page it. `total` counts every match; with
 * `withCounts`, `counts` splits the matches by RAG status (one grouped query more).
 */
export class GetPortfolio extends Query<{ total: number; items: PortfolioEntry[]; counts?: PortfolioCounts }> {
  constructor(
    readonly scope: string | 'all',
    readonly options: { sort?: PortfolioSort; filter?: PortfolioFilter; limit?: number; offset?: number; withCounts?: boolean } = {},
  ) {
    super();
  }
}
