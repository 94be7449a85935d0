import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Cron } from 'croner';
import type { Logger } from 'pino';
import { LOGGER } from '../../platform/logging/logger';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { CLOCK, type Clock } from '../../shared/domain/clock';
import { MailWorker } from '../mail/mail-worker';
import { ComplianceReportMail } from './compliance-report-mail';
import { ReminderScan } from './reminder-scan';
import { WeeklyDigest } from './weekly-digest';

/** A cron expression from configuration, checked at start-up so a typo stops the server with its name. */
export function checkCron(pattern: string, variable: string, timezone: string): void {
  try {
    new Cron(pattern, { paused: true, timezone }).stop();
  } catch (e) {
    throw new Error(`${variable} "${pattern}" is not a valid cron expression (${(e as Error).message}); for example "0 7 * * 1" is Mondays at 07:00`, {
      cause: e,
    });
  }
}

/**
 * Runs the reminder scan, the weekly digest and the compliance report on their schedules, in this
 * process. Several instances may each fire a job: every email it queues has a deterministic key
 * per occurrence (day, ISO week), so the outbox keeps one and the others are no-ops.
 */
@Injectable()
export class MailScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private jobs: Cron[] = [];

  constructor(
    private readonly reminders: ReminderScan,
    private readonly digest: WeeklyDigest,
    private readonly compliance: ComplianceReportMail,
    private readonly worker: MailWorker,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    checkCron(config.reminderScanCron, 'ONRAMP_REMINDER_SCAN_CRON', config.timezone);
    checkCron(config.weeklyDigestCron, 'ONRAMP_WEEKLY_DIGEST_CRON', config.timezone);
    checkCron(config.complianceReportCron, 'ONRAMP_COMPLIANCE_REPORT_CRON', config.timezone);
  }

  onApplicationBootstrap() {
    if (!this.config.backgroundJobs) return;
    const schedule = (name: string, pattern: string, job: (now: Date) => Promise<unknown>) =>
      // Unnamed: croner's job names are global to the process, and tests run several apps in one.
      new Cron(pattern, { timezone: this.config.timezone, protect: true }, async () => {
        try {
          const result = await job(this.clock.now());
          this.logger.info({ job: name, result }, 'scheduled job finished');
          await this.worker.drain();
        } catch (e) {
          this.logger.error({ job: name, err: (e as Error).message }, 'scheduled job failed');
        }
      });
    this.jobs = [
      schedule('reminder-scan', this.config.reminderScanCron, (now) => this.reminders.run(now)),
      schedule('weekly-digest', this.config.weeklyDigestCron, (now) => this.digest.run(now)),
      schedule('compliance-report', this.config.complianceReportCron, (now) => this.compliance.sendScheduled(now)),
    ];
  }

  onApplicationShutdown() {
    for (const job of this.jobs) job.stop();
    this.jobs = [];
  }
}
