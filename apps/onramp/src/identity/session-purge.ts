import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { JOB_RUNNER, type JobRunner } from '../platform/jobs/job-runner';
import { SessionService } from './sessions.service';

const QUEUE = 'session-purge';

/**
 * Deletes sessions past their idle or absolute timeout every hour (once across instances). A
 * session is already refused, and deleted, when it is next used after a timeout; this removes the
 * ones nobody comes back to.
 */
@Injectable()
export class SessionPurge implements OnModuleInit {
  constructor(
    private readonly sessions: SessionService,
    @Inject(JOB_RUNNER) private readonly jobs: JobRunner,
  ) {}

  async onModuleInit() {
    await this.jobs.declareQueue(QUEUE, { retryLimit: 2 });
    await this.jobs.work(QUEUE, async () => {
      await this.sessions.purgeExpired();
    });
    await this.jobs.schedule(QUEUE, '23 * * * *');
  }
}
