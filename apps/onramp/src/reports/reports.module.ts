import { Module } from '@nestjs/common';
import { OnboardingModule } from '../onboarding';
import { ReportDataReader } from './persistence/report-data.reader';
import { GetComplianceReportController } from './queries/get-compliance-report/get-compliance-report.controller';
import { GetPortfolioReportController } from './queries/get-portfolio-report/get-portfolio-report.controller';
import { GetReadinessReportController } from './queries/get-readiness-report/get-readiness-report.controller';
import { ReportFiles } from './report-files';
import { ReportsService } from './reports.service';

/**
 * Readiness, portfolio and compliance reports (JSON, HTML, Markdown, CSV). Readiness comes from
 * the onboarding context's ReadinessService; HTML and Markdown from the global template engine.
 */
@Module({
  imports: [OnboardingModule],
  controllers: [GetReadinessReportController, GetPortfolioReportController, GetComplianceReportController],
  providers: [ReportDataReader, ReportsService, ReportFiles],
  exports: [ReportsService, ReportFiles],
})
export class ReportsModule {}
