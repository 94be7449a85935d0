import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { CLOCK, type Clock } from '../../shared/domain/clock';
import { JOB_RUNNER, type JobRunner } from '../jobs/job-runner';
import { IdempotencyRecordEntity } from './idempotency-record.entity';

const QUEUE = 'idempotency-purge';

/** Deletes expired Idempotency-Key records every hour (once across instances). */
@Injectable()
export class IdempotencyPurge implements OnModuleInit {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(JOB_RUNNER) private readonly jobs: JobRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit() {
    await this.jobs.declareQueue(QUEUE, { retryLimit: 2 });
    await this.jobs.work(QUEUE, async () => {
      await this.purge();
    });
    await this.jobs.schedule(QUEUE, '17 * * * *');
  }

  /** Returns how many expired records were deleted. */
  purge(): Promise<number> {
    return this.orm.em.fork().nativeDelete(IdempotencyRecordEntity, { expiresAt: { $lt: this.clock.now() } });
  }
}
