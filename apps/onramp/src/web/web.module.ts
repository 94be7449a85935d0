import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { PAGE_ERROR_RENDERER } from '../platform/http/page-errors';
import { WebViews } from '../platform/rendering/web-views';
import { APP_CONFIG, type AppConfig } from '../shared/config/app-config';
import { projectRoot } from '../shared/config/project-root';
import { ReportsModule } from '../reports';
import { AccountPage } from './account/account.page';
import { AdminHomePage } from './admin/admin-home.page';
import { MailPage } from './admin/mail.page';
import { PluginsPage } from './admin/plugins.page';
import { RegisterOrganisationPage } from './admin/register-organisation.page';
import { TokensPage } from './admin/tokens.page';
import { AuditPage } from './audit/audit.page';
import { OrganisationPages } from './organisation-pages';
import { PeoplePage } from './people/people.page';
import { SettingsPage } from './settings/settings.page';
import { ForgottenPasswordPage } from './account/forgotten-password.page';
import { SetPasswordPage } from './account/set-password.page';
import { HomePage } from './home.page';
import { ChecklistPage } from './onboarding/checklist.page';
import { MyWorkPage } from './onboarding/my-work.page';
import { OrganisationsPage } from './onboarding/organisations.page';
import { OverviewPage } from './onboarding/overview.page';
import { StepPage } from './onboarding/step.page';
import { PageErrorsRenderer } from './page-errors.renderer';
import { PageRenderer } from './page-renderer';
import { PortfolioPage } from './portfolio/portfolio.page';
import { NationalReportsPage } from './reports/national-reports.page';
import { ReadinessReportPage } from './reports/readiness-report.page';
import { OidcSettings, OidcSignInPages } from './sign-in/oidc-sign-in.page';
import { SignInPage } from './sign-in/sign-in.page';
import { WEB_VIEWS } from './web.tokens';

/**
 * The web application: server-rendered pages over the same command and query handlers as the API
 * (each page a thin controller), from templates/web/ with the NHS.UK frontend.
 */
@Module({
  imports: [ReportsModule],
  controllers: [
    HomePage,
    SignInPage,
    OidcSignInPages,
    SetPasswordPage,
    ForgottenPasswordPage,
    AccountPage,
    PortfolioPage,
    ReadinessReportPage,
    NationalReportsPage,
    MyWorkPage,
    OrganisationsPage,
    OverviewPage,
    ChecklistPage,
    StepPage,
    PeoplePage,
    SettingsPage,
    AuditPage,
    AdminHomePage,
    MailPage,
    RegisterOrganisationPage,
    TokensPage,
    PluginsPage,
  ],
  providers: [
    {
      provide: WEB_VIEWS,
      useFactory: (config: AppConfig) => WebViews.load({ dir: join(projectRoot(), 'templates', 'web'), timezone: config.timezone }),
      inject: [APP_CONFIG],
    },
    PageRenderer,
    OrganisationPages,
    OidcSettings,
    PageErrorsRenderer,
    { provide: PAGE_ERROR_RENDERER, useExisting: PageErrorsRenderer },
  ],
  // For the problem filter (in the root module), which answers page errors through it.
  exports: [PAGE_ERROR_RENDERER],
})
export class WebModule {}
