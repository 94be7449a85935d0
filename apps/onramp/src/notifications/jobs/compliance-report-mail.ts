import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../shared/domain/domain-error';
import { UnitOfWork } from '../../platform/database/unit-of-work';
import { CheckpointWriter, checkpointToLine } from '../../audit';
import { ReportsService } from '../../reports';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { toIsoDate } from '../../shared/domain/clock';
import { systemMeta, type CommandMeta } from '../../shared/domain/roles';
import { Outbox } from '../mail/outbox';
import type { ComplianceEmailModel } from '../../platform/rendering/template-models';

/**
 * The compliance report for the national team: an HTML summary with one CSV row per organisation
 * attached, to every address in ONRAMP_NATIONAL_RECIPIENTS. Scheduled sends occur once per day
 * they fire; on-demand sends once per request.
 */
@Injectable()
export class ComplianceReportMail {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly reports: ReportsService,
    private readonly checkpoints: CheckpointWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  sendScheduled(now: Date) {
    const occurrence = `scheduled:${toIsoDate(now)}`;
    return this.send(now, occurrence, systemMeta('compliance-report', occurrence));
  }

  async send(now: Date, occurrence: string, meta: CommandMeta): Promise<{ queued: number; recipients: string[] }> {
    if (this.config.nationalRecipients.length === 0) {
      throw new DomainError(
        'MAIL.NO_NATIONAL_RECIPIENTS',
        'conflict',
        'no national team recipients are configured: set ONRAMP_NATIONAL_RECIPIENTS to a comma-separated list of addresses',
      );
    }
    const report = await this.reports.compliance('all');
    const csv = this.reports.complianceCsv(report);
    const filename = `onramp-compliance-${toIsoDate(now)}.csv`;
    // The signed head of every audit chain goes to the national team too: an anchor kept outside Onramp.
    const checkpoints = await this.checkpoints.currentCheckpoints();
    const anchorFile = `audit-checkpoints-${toIsoDate(now)}.jsonl`;
    const model: ComplianceEmailModel = {
      ...report,
      auditAnchor: { chains: checkpoints.length, file: anchorFile, keyId: checkpoints[0]?.keyId ?? this.checkpoints.keyId },
    };
    const anchor = Buffer.from(checkpoints.map((c) => `${checkpointToLine(c)}\n`).join(''), 'utf8').toString('base64');
    const queued = await this.uow.run(meta, async ({ em }) => {
      let count = 0;
      for (const recipient of this.config.nationalRecipients) {
        const fresh = await this.outbox.enqueue(em, {
          identity: { recipient, purpose: 'compliance-report', subjectEntity: 'national/compliance', occurrence },
          recipientName: 'National e-RS team',
          organisation: null,
          template: 'compliance-report',
          data: model,
          attachments: [
            { filename, contentType: 'text/csv; charset=utf-8', content: Buffer.from(csv, 'utf8').toString('base64') },
            { filename: anchorFile, contentType: 'application/jsonl; charset=utf-8', content: anchor },
          ],
        });
        if (fresh) count++;
      }
      return count;
    });
    return { queued, recipients: this.config.nationalRecipients };
  }
}
