/** The reports context as other contexts may use it. */
export { ReportsService } from './reports.service';
export { ReportsModule } from './reports.module';
export { complianceCheckContext } from './building/compliance.rules';
export { ReportFiles, type ReportFile } from './report-files';
export {
  reportHeaders,
  reportFileName,
  READINESS_FORMATS,
  NATIONAL_FORMATS,
  type ReportFormat,
  type ReadinessFormat,
  type NationalFormat,
} from './http/report-reply';
export { progressSeries } from './building/report-models';
export { completionChartGeometry, type CompletionChartGeometry } from './domain/charts';
