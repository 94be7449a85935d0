/** The operations context as other contexts may use it. */
export { OperationsModule } from './operations.module';
export { HealthController } from './queries/get-health/health.controller';
