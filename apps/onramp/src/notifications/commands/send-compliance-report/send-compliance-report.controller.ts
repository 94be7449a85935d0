import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Inject } from '@nestjs/common';
import { Requires } from '../../../identity/http/auth.guard';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import type { CommandMeta } from '../../../shared/domain/roles';
import { Meta } from '../../../shared/http/request-meta';
import { MailWorker } from '../../mail/mail-worker';
import { ComplianceReportMail } from '../../jobs/compliance-report-mail';

@ApiTags('reports')
@ApiBearerAuth()
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
  @ApiOperation({ summary: 'Email the compliance report (HTML summary + CSV) to ONRAMP_NATIONAL_RECIPIENTS now; delivery follows through the outbox' })
  async send(@Meta() meta: CommandMeta) {
    // One occurrence per request: a retry with the same Idempotency-Key replays this answer instead.
    const result = await this.mail.send(this.clock.now(), `on-demand:${meta.correlationId}`, meta);
    void this.worker.drain();
    return { ...result, status: 'queued' };
  }
}
