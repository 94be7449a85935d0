import { Query } from '@nestjs/cqrs';
import type { OrganisationType } from '../../../shared/plugin-sdk';
import type { Rag } from '../../domain/readiness.calculator';

export const PORTFOLIO_SORTS = ['rag', 'slack', 'name', 'go-live'] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];

export interface PortfolioFilter {
  /** `none`: organisations without an onboarding run. */
  rag?: (Rag | 'none')[];
  type?: OrganisationType[];
  /** Only organisations with at least one overdue step. */
  overdue?: boolean;
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
 * filtered in the database; `limit`/`offset` page it. `total` counts every match.
 */
export class GetPortfolio extends Query<{ total: number; items: PortfolioEntry[] }> {
  constructor(
    readonly scope: string | 'all',
    readonly options: { sort?: PortfolioSort; filter?: PortfolioFilter; limit?: number; offset?: number } = {},
  ) {
    super();
  }
}
