/** The reports context as other contexts may use it. */
export { ReportsService } from './reports.service';
export { ReportsModule } from './reports.module';
export { complianceCheckContext } from './building/compliance.rules';
export { progressSeries } from './building/report-models';
export { completionChartGeometry, type CompletionChartGeometry } from './domain/charts';
