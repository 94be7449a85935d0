import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from './audit/audit.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { IdentityModule } from './identity/identity.module';
import { MailJobsModule } from './notifications/jobs/mail-jobs.module';
import { NotificationsModule } from './notifications/notifications.module';
import { TemplatesModule } from './plugin-host/templates.module';
import { OnboardingModule } from './onboarding/onboarding.module';
import { OperationsModule } from './operations/operations.module';
import { ReadinessModule } from './readiness/readiness.module';
import { ReportsModule } from './reports/reports.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { PluginHostModule } from './plugin-host/plugin-host.module';
import { HealthController } from './operations/queries/get-health/health.controller';
import { IdempotencyInterceptor } from './platform/idempotency/idempotency.interceptor';
import { PlatformModule } from './platform/platform.module';
import { SCHEMA } from './schema';
import type { AppConfig } from './shared/config/app-config';
import { CLOCK, type Clock } from './shared/domain/clock';
import { ProblemDetailsFilter } from './platform/http/problem-details.filter';
import { createValidationPipe } from './shared/http/validation.pipe';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, SCHEMA, clock),
        CqrsModule.forRoot(),
        CatalogueModule,
        PluginHostModule,
        TemplatesModule,
        NotificationsModule,
        AuditModule,
        IdentityModule,
        OrganisationsModule,
        OnboardingModule,
        ReadinessModule,
        ReportsModule,
        MailJobsModule,
        OperationsModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: (clock: Clock) => createValidationPipe(clock), inject: [CLOCK] },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
