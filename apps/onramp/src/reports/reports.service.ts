import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../shared/domain/access-policy';
import type { ComplianceReportModel, PortfolioReportModel, ReadinessReportModel } from '../platform/rendering/template-models';
import { OnboardingErrors, OnboardingRun } from '../onboarding';
import { organisationNotFound } from '../organisations';
import { GetPortfolio, ReadinessService, type PortfolioEntry, type Readiness } from '../readiness';
import type { PluginRegistry } from '../plugin-host';
import { PLUGIN_REGISTRY } from '../plugin-host';
import { APP_CONFIG, type AppConfig } from '../shared/config/app-config';
import { CLOCK, toIsoDate, type Clock } from '../shared/domain/clock';
import type { OrganisationType } from '../shared/plugin-sdk';
import { evaluateCompliance, type PluginChecks, type PluginComplianceCheck, type RunPluginCheck } from './building/compliance.rules';
import { complianceCsv, portfolioCsv, readinessCsv } from './building/report-csv';
import { buildComplianceReport, buildPortfolioReport, buildReadinessReport, complianceRow } from './building/report-models';
import type { PortfolioRow } from '../platform/rendering/template-models';
import { QueryBus } from '@nestjs/cqrs';
import { ReportDataReader, type OrganisationWithRun } from './persistence/report-data.reader';

/**
 * Builds the report models (the data contract of the report templates): an organisation's
 * readiness, the portfolio of every organisation the caller may see, and compliance with the
 * best-practice guidelines. Readiness always goes through {@link ReadinessService}, so plugin
 * adjustments count in every report exactly as in the API. Reports over many organisations read
 * them in two queries (organisations, runs), whatever their number.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly data: ReportDataReader,
    private readonly queries: QueryBus,
    private readonly readinessService: ReadinessService,
    @Inject(PLUGIN_REGISTRY) private readonly plugins: PluginRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The readiness report of one organisation; 404 problems when it does not exist or has no run. */
  async readiness(ods: string): Promise<ReadinessReportModel> {
    const [found] = await this.data.organisationsWithRuns(ods);
    if (!found) throw organisationNotFound(ods);
    if (!found.run) throw OnboardingErrors.runNotFound(ods);
    const people = await this.data.peopleNames(ods);
    const now = this.clock.now();
    return buildReadinessReport({
      organisation: found.organisation,
      run: found.run.snapshot,
      runVersion: found.run.version,
      readiness: this.assess(found),
      people,
      now,
    });
  }

  /**
   * Every organisation the caller may see (all for global roles, its own for an organisation
   * token), from the readiness read model: sorted, filtered and paged by the database.
   */
  async portfolio(principal: Principal, options: GetPortfolio['options'] = {}): Promise<PortfolioReportModel & { total: number }> {
    const { total, items } = await this.queries.execute(new GetPortfolio(principal.organisation ?? 'all', options));
    return { ...buildPortfolioReport(items.map(portfolioRowOf), this.clock.now()), total };
  }

  /** Compliance with the best-practice guidelines (and plugin checks) for the caller's organisations, or for all (scheduled national report). */
  async compliance(scope: Principal | 'all'): Promise<ComplianceReportModel> {
    const rows = await this.data.organisationsWithRuns(scope === 'all' ? 'all' : (scope.organisation ?? 'all'));
    const now = this.clock.now();
    const today = toIsoDate(now);
    // Plugin checks go through the hook runner (which logs failures) and may be asynchronous: organisations are evaluated concurrently.
    const runCheck: RunPluginCheck = (pluginId, check, context) => this.plugins.hooks.evaluate(pluginId, check, context);
    const evaluated = await Promise.all(
      rows.map((r) => evaluateCompliance({ organisation: r.organisation, run: r.run?.snapshot ?? null, today, plugins: this.pluginChecksFor(r), runCheck })),
    );
    return buildComplianceReport(
      rows.map((r, i) => complianceRow(r.organisation, r.run ? this.assess(r) : null, evaluated[i].results)),
      now,
      `${this.config.publicUrl}/reports/compliance`,
    );
  }

  readinessCsv(model: ReadinessReportModel): string {
    return readinessCsv(model);
  }

  portfolioCsv(model: PortfolioReportModel): string {
    return portfolioCsv(model);
  }

  complianceCsv(model: ComplianceReportModel): string {
    return complianceCsv(model);
  }

  private assess(row: OrganisationWithRun): Readiness {
    const run = OnboardingRun.restore(row.run!.snapshot, row.run!.version);
    return this.readinessService.assess(run, { ...row.organisation, type: row.organisation.type as OrganisationType });
  }

  /** The plugins pinned in the organisation's run; without a run, those enabled for its type (their checks are then unknown). */
  private pluginChecksFor(row: OrganisationWithRun): PluginChecks[] {
    const applicable = row.run
      ? (row.run.snapshot.plugins ?? []).map((pin) => this.plugins.get(pin.id)).filter((p) => p !== undefined)
      : this.plugins.plugins.filter((p) => p.organisationTypes === '*' || p.organisationTypes.includes(row.organisation.type as OrganisationType));
    return applicable
      .filter((p) => p.hooks.complianceChecks?.length)
      .map((p) => ({ pluginId: p.id, version: p.version, options: p.options, checks: p.hooks.complianceChecks as unknown as PluginComplianceCheck[] }));
  }
}

function portfolioRowOf(e: PortfolioEntry): PortfolioRow {
  return {
    organisation: { odsCode: e.odsCode, name: e.name, type: e.type },
    hasRun: e.hasRun,
    goLiveDate: e.goLiveDate,
    score: e.score,
    rag: e.rag,
    gateGo: e.gateGo,
    gateMissing: e.gateOpen,
    forecastDate: e.forecastCompletion,
    daysAfterGoLive: e.forecastSlackDays === null ? null : -e.forecastSlackDays,
    overdue: e.overdue,
    overdueGate: e.overdueGate,
  };
}
