import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { OnboardingRunEntity, OnboardingRunRepository } from '../../onboarding';
import { OrganisationRepository } from '../../organisations';
import { UnitOfWork } from '../../platform/database/unit-of-work';
import { JOB_RUNNER, type JobRunner } from '../../platform/jobs/job-runner';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { CLOCK, type Clock, toIsoDate } from '../../shared/domain/clock';
import { systemMeta } from '../../shared/domain/roles';
import { ReadinessSummaryProjection } from '../events/readiness-summary.projection';
import { ReadinessSummaryRow } from '../persistence/readiness-summary.entity';

const QUEUE = 'readiness-refresh';
const PER_ORGANISATION = 'readiness-refresh-organisation';

/**
 * Readiness moves with the calendar (a step becomes overdue, the forecast window slides), so every
 * summary computed on an earlier day is recomputed once a day: one job per organisation, so one
 * failure is retried on its own. Runs without a summary (after an upgrade) are included.
 */
@Injectable()
export class ReadinessRefresh implements OnModuleInit {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
    private readonly runs: OnboardingRunRepository,
    private readonly projection: ReadinessSummaryProjection,
    @Inject(JOB_RUNNER) private readonly jobs: JobRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit() {
    await this.jobs.declareQueue(QUEUE, { retryLimit: 3 });
    await this.jobs.declareQueue(PER_ORGANISATION, { retryLimit: 4, retryDelaySeconds: 60, retryBackoff: true });
    await this.jobs.work(QUEUE, async () => {
      const day = toIsoDate(this.clock.now());
      for (const ods of await this.stale(day)) await this.jobs.send(PER_ORGANISATION, { ods, day }, { singletonKey: `readiness@${day}:${ods}` });
    });
    await this.jobs.work<{ ods: string }>(PER_ORGANISATION, async (job) => {
      await this.refresh(job.data.ods);
    });
    // In UTC: a summary's day is a UTC day.
    await this.jobs.schedule(QUEUE, this.config.readinessRefreshCron, { tz: 'UTC' });
  }

  /** Organisations whose summary was computed before `day`, or that have a run and no summary. */
  async stale(day: string): Promise<string[]> {
    const em = this.uow.reader();
    const old = await em.find(ReadinessSummaryRow, { asOf: { $lt: day } }, { fields: ['organisation'], disableIdentityMap: true });
    const runs = await em.find(OnboardingRunEntity, {}, { fields: ['organisation'], disableIdentityMap: true });
    const summarised = new Set((await em.find(ReadinessSummaryRow, {}, { fields: ['organisation'], disableIdentityMap: true })).map((r) => r.organisation));
    return [...new Set([...old.map((r) => r.organisation), ...runs.map((r) => r.organisation).filter((o) => !summarised.has(o))])].sort();
  }

  /** Recomputes one organisation's summary for today. */
  async refresh(ods: string): Promise<void> {
    await this.uow.run(systemMeta('readiness-refresh', `readiness-refresh:${toIsoDate(this.clock.now())}:${ods}`), async (tx) => {
      const run = await this.runs.find(tx.em, ods);
      if (!run) return;
      await this.projection.write(tx.em, run, await this.organisations.get(tx.em, ods));
    });
  }
}
