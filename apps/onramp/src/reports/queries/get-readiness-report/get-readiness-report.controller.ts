import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Requires } from '../../../shared/http/access.decorators';
import { OdsCodePipe } from '../../../organisations';
import { ReadinessReportQueryDto } from '../../http/report-format.dto';
import { reportHeaders } from '../../http/report-reply';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { ApiReportResponse } from '../../http/api-report-response.decorator';
import { ReportFiles } from '../../report-files';
import { ReportsService } from '../../reports.service';
import { ReadinessReportResponse } from './readiness-report.response';

@ApiTags('reports')
@Controller('api/v1/organisations/:ods/reports/readiness')
export class GetReadinessReportController {
  constructor(
    private readonly reports: ReportsService,
    private readonly files: ReportFiles,
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
    const file = this.files.readiness(await this.reports.readiness(ods), format);
    reportHeaders(reply, format, file.fileName);
    return file.body;
  }
}
