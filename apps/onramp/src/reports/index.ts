/** The reports context as other contexts may use it. */
export { ReportsService } from './reports.service';
export { ReportsModule } from './reports.module';
export { complianceCheckContext } from './building/compliance.rules';
