import { Global, Module } from '@nestjs/common';
import { ReadinessSummaryProjection } from './events/readiness-summary.projection';
import { GetReadinessController } from './queries/get-readiness/get-readiness.controller';
import { GetReadinessHandler } from './queries/get-readiness/get-readiness.handler';
import { GetPortfolioHandler } from './queries/get-portfolio/get-portfolio.handler';
import { ReadinessRefresh } from './jobs/readiness-refresh';
import { ReadinessService } from './readiness.service';

/** Readiness: the rules, the per-run summary read model and its queries. */
@Global()
@Module({
  controllers: [GetReadinessController],
  providers: [ReadinessService, ReadinessSummaryProjection, GetReadinessHandler, GetPortfolioHandler, ReadinessRefresh],
  exports: [ReadinessService, ReadinessSummaryProjection, ReadinessRefresh],
})
export class ReadinessModule {}
