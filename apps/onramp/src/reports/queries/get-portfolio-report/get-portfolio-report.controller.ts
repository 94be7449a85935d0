import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../../../shared/domain/access-policy';
import { Requires } from '../../../shared/http/access.decorators';
import { CurrentPrincipal } from '../../../shared/http/request-meta';
import { PortfolioQueryDto } from '../../http/report-format.dto';
import { reportHeaders } from '../../http/report-reply';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { ApiReportResponse } from '../../http/api-report-response.decorator';
import { ReportFiles } from '../../report-files';
import { ReportsService } from '../../reports.service';
import { PortfolioReportResponse } from './portfolio-report.response';

@ApiTags('reports')
@Controller('api/v1/reports/portfolio')
export class GetPortfolioReportController {
  constructor(
    private readonly reports: ReportsService,
    private readonly files: ReportFiles,
  ) {}

  @Get()
  @Requires('read')
  @ApiOperation({
    operationId: 'getPortfolioReport',
    summary: 'Portfolio: readiness of every organisation the caller may see (all for admin and national team, its own for an organisation token)',
  })
  @ApiReportResponse(PortfolioReportResponse, ['json', 'html', 'csv'])
  @ApiProblems(400)
  async get(@CurrentPrincipal() principal: Principal, @Query() query: PortfolioQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const format = query.format ?? 'json';
    const model = await this.reports.portfolio(principal, {
      sort: query.sort,
      filter: { rag: query.rag, type: query.type, overdue: query.overdue, forecast: query.forecast },
      limit: query.limit,
      offset: query.offset,
    });
    const file = this.files.portfolio(model, format, principal.organisation);
    reportHeaders(reply, format, file.fileName);
    return file.body;
  }
}
