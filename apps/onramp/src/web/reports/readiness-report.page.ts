import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GetOrganisation, OdsCodePipe } from '../../organisations';
import { READINESS_FORMATS, ReportFiles, ReportsService } from '../../reports';
import type { ReadinessReportModel } from '../../platform/rendering/template-models';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { DomainError } from '../../shared/domain/domain-error';
import { Requires } from '../../shared/http/access.decorators';
import { PageRenderer } from '../page-renderer';
import { downloadFormat, sendDownload } from './downloads';
import { downloadLinks, readinessReportView } from './report-views';

/**
 * An organisation's readiness report in the page, and its downloads in every format the API
 * offers, through the session. `:ods` is tenancy-checked by the guard: another organisation's
 * report is "Page not found" before this runs. The report is ReportsService's, so it is the same
 * report the API gives, and the downloads are the API's bytes.
 */
@ApiExcludeController()
@Controller('organisations/:ods/reports/readiness')
export class ReadinessReportPage {
  constructor(
    private readonly pages: PageRenderer,
    private readonly reports: ReportsService,
    private readonly files: ReportFiles,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Requires('read')
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods', OdsCodePipe) ods: string) {
    let model: ReadinessReportModel;
    try {
      model = await this.reports.readiness(ods);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'ONBOARDING.RUN_NOT_FOUND') return this.notStarted(request, reply, ods);
      throw e;
    }
    this.pages.send(
      request,
      reply,
      'reports/readiness',
      {
        ...readinessReportView(model, this.config.timezone),
        downloads: downloadLinks(`/organisations/${ods}/reports/readiness`, 'readiness report', READINESS_FORMATS),
      },
      { title: `Readiness report: ${model.organisation.name}` },
    );
  }

  @Get('download')
  @Requires('read')
  async download(@Res() reply: FastifyReply, @Param('ods', OdsCodePipe) ods: string, @Query('format') format: unknown) {
    const chosen = downloadFormat(format, READINESS_FORMATS);
    sendDownload(reply, this.files.readiness(await this.reports.readiness(ods), chosen));
  }

  /** The organisation is there and its report is not yet: say why, rather than "Page not found". */
  private async notStarted(request: FastifyRequest, reply: FastifyReply, ods: string) {
    const organisation = await this.queries.execute(new GetOrganisation(ods));
    this.pages.send(
      request,
      reply,
      'reports/readiness-not-started',
      { organisation: { name: organisation.name, odsCode: organisation.odsCode }, overviewHref: `/organisations/${organisation.odsCode}` },
      { title: `No readiness report yet: ${organisation.name}`, status: 404 },
    );
  }
}
