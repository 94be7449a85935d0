import { Global, Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/core';
import { APP_CONFIG, type AppConfig } from '../shared/config/app-config';
import { CLOCK, systemClock, type Clock } from '../shared/domain/clock';
import { openDatabase, type DatabaseSchema } from './database/orm.config';
import { UnitOfWork } from './database/unit-of-work';
import { EventDispatcher } from './events/event-dispatcher';
import { IdempotencyPurge } from './idempotency/idempotency-purge';
import { IdempotencyReservations } from './idempotency/idempotency-reservations';
import { JOB_RUNNER, type JobRunner, type JobRunnerSettings } from './jobs/job-runner';
import { jobRunnerProvider } from './jobs/jobs.provider';
import { createLogger, LOGGER } from './logging/logger';

/**
 * Configuration, logger, database, the unit of work with its event dispatcher, the job runner and
 * the clock: the handles every bounded context receives.
 */
@Global()
@Module({})
export class PlatformModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(JOB_RUNNER) private readonly jobs: JobRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  static forRoot(config: AppConfig, schema: DatabaseSchema, clock: Clock = systemClock, jobSettings: Partial<JobRunnerSettings> = {}): DynamicModule {
    return {
      module: PlatformModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: LOGGER, useFactory: () => createLogger(config.logLevel) },
        { provide: MikroORM, useFactory: () => openDatabase(config.database, schema) },
        jobRunnerProvider(config, jobSettings),
        EventDispatcher,
        IdempotencyReservations,
        IdempotencyPurge,
        UnitOfWork,
      ],
      exports: [APP_CONFIG, CLOCK, LOGGER, MikroORM, UnitOfWork, EventDispatcher, JOB_RUNNER, IdempotencyPurge],
    };
  }

  /**
   * Workers and schedules start once every module has declared its queues (in constructors or
   * onModuleInit). Without background jobs the runner still sends, so HTTP-only instances enqueue.
   */
  async onApplicationBootstrap() {
    if (this.config.backgroundJobs) await this.jobs.start();
  }

  /** Here rather than in a module of its own, so running handlers finish before the database they use closes. */
  async onApplicationShutdown() {
    await this.jobs.stop({ graceful: true });
    await this.orm.close();
  }
}
