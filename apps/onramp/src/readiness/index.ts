/** The readiness context as other contexts may use it. */
export { ReadinessService, readinessInputOf } from './readiness.service';
export { ReadinessSummaryProjection, summaryRow } from './events/readiness-summary.projection';
export { ReadinessSummaryRow } from './persistence/readiness-summary.entity';
export {
  calculateReadiness,
  AMBER_SLACK_DAYS,
  FORECAST_WINDOW_DAYS,
  MIN_FORECAST_HISTORY_DAYS,
  type Readiness,
  type ReadinessInput,
  type ReadinessStep,
  type Rag,
  type Forecast,
} from './domain/readiness.calculator';
export { GetReadiness, type ReadinessView } from './queries/get-readiness/get-readiness.query';
export { ReadinessRefresh } from './jobs/readiness-refresh';
export {
  GetPortfolio,
  PORTFOLIO_SORTS,
  FORECAST_BANDS,
  type ForecastBand,
  type PortfolioCounts,
  type PortfolioEntry,
  type PortfolioFilter,
  type PortfolioSort,
} from './queries/get-portfolio/get-portfolio.query';
export { ReadinessModule } from './readiness.module';
export { readinessHookContext } from './domain/readiness-context';
export { BlockerResponse, ReadinessGateResponse, ReadinessRagResponse } from './queries/get-readiness/readiness.response';
