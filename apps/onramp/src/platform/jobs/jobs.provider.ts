import type { Provider } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { AppConfig } from '../../shared/config/app-config';
import { CLOCK, type Clock } from '../../shared/domain/clock';
import { LOGGER } from '../logging/logger';
import { JOB_RUNNER, type JobRunner, type JobRunnerSettings } from './job-runner';
import { SqliteJobRunner } from './sqlite-job-runner';

/** pg-boss on PostgreSQL, the in-process runner on SQLite; schedules read in the deployment's time zone by default. */
export function createJobRunner(
  config: Pick<AppConfig, 'database' | 'timezone'>,
  orm: MikroORM,
  clock: Clock,
  logger: Logger,
  settings: Partial<JobRunnerSettings> = {},
): JobRunner {
  const common = { orm, clock, logger: logger.child({ component: 'jobs' }), settings: { timezone: config.timezone, ...settings } };
  if (config.database.kind === 'sqlite') return new SqliteJobRunner(common);
  // pg-boss is loaded only for PostgreSQL, so the embedded default does not carry it.
  const { PgBossJobRunner } = require('./pg-boss-job-runner') as typeof import('./pg-boss-job-runner');
  return new PgBossJobRunner({ ...common, connectionString: config.database.url });
}

/** The JOB_RUNNER provider; PlatformModule starts it on bootstrap (when backgroundJobs) and stops it before the database closes. */
export function jobRunnerProvider(config: AppConfig, settings: Partial<JobRunnerSettings> = {}): Provider {
  return {
    provide: JOB_RUNNER,
    useFactory: (orm: MikroORM, clock: Clock, logger: Logger) => createJobRunner(config, orm, clock, logger, settings),
    inject: [MikroORM, CLOCK, LOGGER],
  };
}
