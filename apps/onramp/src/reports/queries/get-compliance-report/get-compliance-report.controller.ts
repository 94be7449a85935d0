import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../../../shared/domain/access-policy';
import { Requires } from '../../../shared/http/access.decorators';
import { CurrentPrincipal } from '../../../shared/http/request-meta';
import { NationalReportQueryDto } from '../../http/report-format.dto';
import { reportHeaders } from '../../http/report-reply';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { ApiReportResponse } from '../../http/api-report-response.decorator';
import { ReportFiles } from '../../report-files';
import { ReportsService } from '../../reports.service';
import { ComplianceReportResponse } from './compliance-report.response';

@ApiTags('reports')
@Controller('api/v1/reports/compliance')
export class GetComplianceReportController {
  constructor(
    private readonly reports: ReportsService,
    private readonly files: ReportFiles,
  ) {}

  @Get()
  @Requires('read')
  @ApiOperation({
    operationId: 'getComplianceReport',
    summary:
      'Compliance with the e-RS best-practice guidelines (and plugin checks) for every organisation the caller may see; CSV has one row per organisation, a status and an evidence column per guideline',
  })
  @ApiReportResponse(ComplianceReportResponse, ['json', 'html', 'csv'])
  @ApiProblems(400)
  async get(@CurrentPrincipal() principal: Principal, @Query() query: NationalReportQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const format = query.format ?? 'json';
    const model = await this.reports.compliance(principal);
    const file = this.files.compliance(model, format, principal.organisation);
    reportHeaders(reply, format, file.fileName);
    return file.body;
  }
}
