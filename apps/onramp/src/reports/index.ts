/** The reports context as other contexts may use it. */
export { ReportsService } from './reports.service';
