import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CATALOGUE, type LoadedCatalogue } from '../../catalogue';
import { PLUGIN_REGISTRY, type PluginRegistry } from '../../plugin-host';
import { NATIONAL_FORMATS, ReportFiles, ReportsService } from '../../reports';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { Requires } from '../../shared/http/access.decorators';
import { nationalPrincipal } from '../national-access';
import { PageRenderer } from '../page-renderer';
import { downloadFormat, sendDownload } from './downloads';
import { complianceReportView, downloadLinks, portfolioReportView, type StepNames } from './report-views';

/**
 * The national reports in the page, with their downloads: the portfolio of every organisation and
 * compliance with the best practice guidelines (the page the compliance email links to). For the
 * national team and administrators; the reports are ReportsService's, the files the API's.
 */
@ApiExcludeController()
@Controller('reports')
export class NationalReportsPage {
  constructor(
    private readonly pages: PageRenderer,
    private readonly reports: ReportsService,
    private readonly files: ReportFiles,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CATALOGUE) private readonly catalogue: LoadedCatalogue,
    @Inject(PLUGIN_REGISTRY) private readonly plugins: PluginRegistry,
  ) {}

  /** Every step a checklist can hold (the core catalogue's and the plugins'), to name the steps the compliance results cite by id. */
  private stepNames(): StepNames {
    const steps = [...this.catalogue.steps, ...this.plugins.plugins.flatMap((p) => p.steps)];
    const evidence = new Map<string, string>();
    for (const e of steps.flatMap((s) => s.evidence)) if (!evidence.has(e.key)) evidence.set(e.key, e.description);
    return { titles: new Map(steps.map((s) => [s.id, s.title])), evidence };
  }

  @Get('portfolio')
  @Requires('read')
  async portfolio(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const model = await this.reports.portfolio(nationalPrincipal(request));
    this.pages.send(
      request,
      reply,
      'reports/portfolio',
      { ...portfolioReportView(model, this.config.timezone), downloads: downloadLinks('/reports/portfolio', 'portfolio report', NATIONAL_FORMATS) },
      { title: 'Portfolio report' },
    );
  }

  @Get('portfolio/download')
  @Requires('read')
  async portfolioDownload(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('format') format: unknown) {
    const principal = nationalPrincipal(request);
    const chosen = downloadFormat(format, NATIONAL_FORMATS);
    sendDownload(reply, this.files.portfolio(await this.reports.portfolio(principal), chosen, principal.organisation));
  }

  @Get('compliance')
  @Requires('read')
  async compliance(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const model = await this.reports.compliance(nationalPrincipal(request));
    this.pages.send(
      request,
      reply,
      'reports/compliance',
      {
        ...complianceReportView(model, this.config.timezone, this.stepNames()),
        downloads: downloadLinks('/reports/compliance', 'compliance report', NATIONAL_FORMATS),
      },
      { title: 'Compliance with the best practice guidelines' },
    );
  }

  @Get('compliance/download')
  @Requires('read')
  async complianceDownload(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('format') format: unknown) {
    const principal = nationalPrincipal(request);
    const chosen = downloadFormat(format, NATIONAL_FORMATS);
    sendDownload(reply, this.files.compliance(await this.reports.compliance(principal), chosen, principal.organisation));
  }
}
