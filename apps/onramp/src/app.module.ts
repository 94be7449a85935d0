import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from './audit';
import { CatalogueModule } from './catalogue';
import { IdentityModule } from './identity';
import { MailJobsModule } from './notifications';
import { NotificationsModule } from './notifications';
import { TemplatesModule } from './plugin-host';
import { OnboardingModule } from './onboarding';
import { OperationsModule } from './operations';
import { ReadinessModule } from './readiness';
import { ReportsModule } from './reports';
import { OrganisationsModule } from './organisations';
import { PluginHostModule } from './plugin-host';
import { HealthController } from './operations';
import { IdempotencyInterceptor } from './platform/idempotency/idempotency.interceptor';
import { WebModule } from './web/web.module';
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
        WebModule,
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
