import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Requires } from '../../../shared/http/access.decorators';
import { TEMPLATE_ENGINE, type TemplateEngine } from '../../../platform/rendering/template-engine';
import { OdsCodePipe } from '../../../organisations';
import { ReadinessReportQueryDto } from '../../http/report-format.dto';
import { reportFileName, reportHeaders } from '../../http/report-reply';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { ApiReportResponse } from '../../http/api-report-response.decorator';
import { ReportsService } from '../../reports.service';
import { ReadinessReportResponse } from './readiness-report.response';

@ApiTags('reports')
@Controller('api/v1/organisations/:ods/reports/readiness')
export class GetReadinessReportController {
  constructor(
    private readonly reports: ReportsService,
    @Inject(TEMPLATE_ENGINE) private readonly templates: TemplateEngine,
  ) {}

  @Get()
  @Requires('read')
  @ApiOperation({
    operationId: 'getReadinessReport',
    summary: 'Readiness report of one organisation: JSON model, printable HTML with charts, Markdown, or CSV with one row per step',
  })
  @ApiReportResponse(ReadinessReportResponse, ['json', 'html', 'md', 'csv'])
  @ApiProblems(400, 404)
  async get(@Param('ods', OdsCodePipe) ods: string, @Query() query: ReadinessReportQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const format = query.format ?? 'json';
    const model = await this.reports.readiness(ods);
    reportHeaders(reply, format, reportFileName(['onramp-readiness', model.organisation.odsCode, model.today], format));
    if (format === 'json') return model;
    if (format === 'csv') return this.reports.readinessCsv(model);
    return this.templates.renderReport('readiness', format, model);
  }
}
