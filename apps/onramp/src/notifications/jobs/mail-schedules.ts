import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Cron } from 'croner';
import { JOB_RUNNER, type JobRunner } from '../../platform/jobs/job-runner';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { CLOCK, type Clock, toIsoDate } from '../../shared/domain/clock';
import { ComplianceReportMail } from './compliance-report-mail';
import { ReminderScan } from './reminder-scan';
import { isoWeek, WeeklyDigest } from './weekly-digest';

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

const QUEUES = {
  reminderScan: 'reminder-scan',
  reminderScanOrganisation: 'reminder-scan-organisation',
  weeklyDigest: 'weekly-digest',
  weeklyDigestOrganisation: 'weekly-digest-organisation',
  complianceReport: 'compliance-report',
} as const;

/**
 * The scheduled mail, on the job engine: each schedule fires once across all instances (and once
 * more on start if it was missed while none ran). A scan or a digest fans out one job per
 * organisation with a singleton key for the day or week, so one organisation's failure is retried
 * and reported on its own and holds up no other.
 */
@Injectable()
export class MailSchedules implements OnModuleInit {
  constructor(
    private readonly reminders: ReminderScan,
    private readonly digest: WeeklyDigest,
    private readonly compliance: ComplianceReportMail,
    @Inject(JOB_RUNNER) private readonly jobs: JobRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    checkCron(config.reminderScanCron, 'ONRAMP_REMINDER_SCAN_CRON', config.timezone);
    checkCron(config.weeklyDigestCron, 'ONRAMP_WEEKLY_DIGEST_CRON', config.timezone);
    checkCron(config.complianceReportCron, 'ONRAMP_COMPLIANCE_REPORT_CRON', config.timezone);
  }

  async onModuleInit() {
    const perOrganisation = { retryLimit: 4, retryDelaySeconds: 60, retryBackoff: true };
    for (const queue of Object.values(QUEUES)) await this.jobs.declareQueue(queue, queue.endsWith('-organisation') ? perOrganisation : { retryLimit: 3 });

    await this.jobs.work(QUEUES.reminderScan, async () => {
      const now = this.clock.now();
      const day = toIsoDate(now);
      for (const ods of await this.reminders.organisationsToScan(now)) {
        await this.jobs.send(QUEUES.reminderScanOrganisation, { ods, day }, { singletonKey: `reminders@${day}:${ods}` });
      }
    });
    await this.jobs.work<{ ods: string }>(QUEUES.reminderScanOrganisation, async (job) => {
      await this.reminders.scanOrganisation(job.data.ods, this.clock.now());
    });

    await this.jobs.work(QUEUES.weeklyDigest, async () => {
      const week = isoWeek(this.clock.now());
      for (const ods of await this.digest.organisationsToDigest()) {
        await this.jobs.send(QUEUES.weeklyDigestOrganisation, { ods, week }, { singletonKey: `digest@${week}:${ods}` });
      }
    });
    await this.jobs.work<{ ods: string }>(QUEUES.weeklyDigestOrganisation, async (job) => {
      await this.digest.digestOrganisation(job.data.ods, this.clock.now());
    });

    await this.jobs.work(QUEUES.complianceReport, async () => {
      await this.compliance.sendScheduled(this.clock.now());
    });

    await this.jobs.schedule(QUEUES.reminderScan, this.config.reminderScanCron, { tz: this.config.timezone });
    await this.jobs.schedule(QUEUES.weeklyDigest, this.config.weeklyDigestCron, { tz: this.config.timezone });
    await this.jobs.schedule(QUEUES.complianceReport, this.config.complianceReportCron, { tz: this.config.timezone });
  }
}
