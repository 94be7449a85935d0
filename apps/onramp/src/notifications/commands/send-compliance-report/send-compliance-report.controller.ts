import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Inject } from '@nestjs/common';
import { Requires } from '../../../shared/http/access.decorators';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import type { CommandMeta } from '../../../shared/domain/roles';
import { Meta } from '../../../shared/http/request-meta';
import { MailWorker } from '../../mail/mail-worker';
import { ComplianceReportMail } from '../../jobs/compliance-report-mail';
import { ApiProblems, COMMAND_PROBLEMS } from '../../../shared/http/api-problems.decorator';
import { ComplianceReportQueuedResponse } from './compliance-report-queued.response';

@ApiTags('reports')
@Controller('api/v1/reports/compliance/send')
export class SendComplianceReportController {
  constructor(
    private readonly mail: ComplianceReportMail,
    private readonly worker: MailWorker,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(202)
  @Requires('reports.send')
  @ApiOperation({
    operationId: 'sendComplianceReport',
    summary: 'Email the compliance report (HTML summary + CSV) to ONRAMP_NATIONAL_RECIPIENTS now; delivery follows through the outbox',
  })
  @ApiAcceptedResponse({ type: ComplianceReportQueuedResponse })
  @ApiProblems(...COMMAND_PROBLEMS)
  async send(@Meta() meta: CommandMeta) {
    // One occurrence per request: a retry with the same Idempotency-Key replays this answer instead.
    const result = await this.mail.send(this.clock.now(), `on-demand:${meta.correlationId}`, meta);
    void this.worker.drain();
    return { ...result, status: 'queued' };
  }
}
