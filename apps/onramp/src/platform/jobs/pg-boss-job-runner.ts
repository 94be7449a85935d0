import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { fromKysely, PgBoss, type Job as PgBossJob, type KyselyTransactionLike, type Queue } from 'pg-boss';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../shared/domain/clock';
import {
  checkListArguments,
  checkSendOptions,
  checkWorkOptions,
  DEFAULT_RUNNER_SETTINGS,
  failureMessage,
  resolveQueueOptions,
  serializePayload,
  transactionOf,
  unknownQueue,
  type JobData,
  type JobHandler,
  type JobRunner,
  type JobRunnerSettings,
  type JobState,
  type JobSummary,
  type QueueCounts,
  type QueueOptions,
  type ResolvedQueueOptions,
  type ScheduleOptions,
  type ScheduleStatus,
  type SendOptions,
  type StopOptions,
  type WorkOptions,
} from './job-runner';
import { JobSchedules, occurrenceKey, parseSchedule } from './job-schedules';
import { PGBOSS_SCHEMA } from './pg-boss-schema';

const PG_STATE: Record<JobState, string> = { queued: 'created', failed: 'retry', active: 'active', dead: 'failed', completed: 'completed' };
const ADMIN_STATE = Object.fromEntries(Object.entries(PG_STATE).map(([admin, pg]) => [pg, admin])) as Record<string, JobState>;

/** Singleton keys this runner makes up for sends without one, so the exclusive policy never collapses unrelated jobs. */
const OWN_KEY_PREFIX = '~';

interface Worker {
  queue: string;
  handler: JobHandler;
  concurrency: number;
}

export interface PgBossJobRunnerOptions {
  connectionString: string;
  /** The application's database: schedules are claimed in its transactions. */
  orm: MikroORM;
  clock?: Clock;
  logger?: Logger;
  settings?: Partial<JobRunnerSettings>;
  schema?: string;
}

const notMigrated = (cause: Error) =>
  new Error(`the job tables (PostgreSQL schema "${PGBOSS_SCHEMA}") are missing or out of date (${cause.message}): run "npm run migrate" first`, { cause });

/**
 * The job engine on PostgreSQL: pg-boss, which claims with `FOR UPDATE SKIP LOCKED`, retries with
 * backoff, dead-letters, and fails the attempts of workers whose heartbeat stopped. Every queue
 * uses pg-boss's `exclusive` policy (at most one job per singleton key queued or running), and a
 * send without a key gets a unique one, so only keyed sends are ever deduplicated. Schedules are
 * Onramp's own (job-schedules.ts), not pg-boss's cron: see docs/jobs.md for why.
 */
export class PgBossJobRunner implements JobRunner {
  readonly kind = 'pg-boss' as const;
  private readonly boss: PgBoss;
  private readonly orm: MikroORM;
  private readonly logger: Logger | undefined;
  private readonly settings: JobRunnerSettings;
  private readonly schema: string;
  private readonly queues = new Map<string, ResolvedQueueOptions>();
  private readonly ensured = new Map<string, Promise<void>>();
  private readonly workers: Worker[] = [];
  private readonly schedulesBook: JobSchedules;
  private opening: Promise<void> | null = null;
  private state: 'idle' | 'started' | 'stopped' = 'idle';
  private superviseTimer: NodeJS.Timeout | null = null;
  private scheduleTimer: NodeJS.Timeout | null = null;
  private supervising: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;

  constructor(options: PgBossJobRunnerOptions) {
    this.orm = options.orm;
    this.logger = options.logger;
    this.settings = { ...DEFAULT_RUNNER_SETTINGS, ...options.settings };
    this.schema = options.schema ?? PGBOSS_SCHEMA;
    this.boss = new PgBoss({
      connectionString: options.connectionString,
      schema: this.schema,
      max: this.settings.poolSize,
      // Installed and upgraded by `npm run migrate` (pg-boss-schema.ts); here only checked.
      migrate: false,
      // Supervision (expiry, lost heartbeats, retention) runs on this runner's own timer from
      // start(), so a process that only sends never does it; pg-boss's cron is not used.
      supervise: false,
      schedule: false,
      monitorIntervalSeconds: this.settings.superviseIntervalSeconds,
    });
    // pg-boss reports maintenance failures as events; an EventEmitter without an 'error' listener would throw.
    this.boss.on('error', (e) => this.logger?.error({ err: failureMessage(e) }, 'pg-boss error'));
    this.boss.on('warning', (w) => this.logger?.warn({ warning: w.message }, 'pg-boss warning'));
    this.schedulesBook = new JobSchedules(this.orm, 'postgresql', options.clock ?? systemClock, (definition, occurrence, tx) =>
      this.send(
        definition.name,
        { ...definition.data, occurrence: occurrence.toISOString() },
        { singletonKey: occurrenceKey(definition.name, occurrence) },
        tx,
      ),
    );
  }

  /** Connects pg-boss (checking its schema version) and creates the declared queues; once. */
  private open(): Promise<void> {
    this.opening ??= (async () => {
      try {
        await this.boss.start();
      } catch (e) {
        throw /not installed|requires migrations/.test((e as Error).message) ? notMigrated(e as Error) : e;
      }
    })().catch((e: unknown) => {
      this.opening = null;
      throw e;
    });
    return this.opening;
  }

  private ensureQueue(name: string): Promise<void> {
    let done = this.ensured.get(name);
    if (!done) {
      done = this.createQueue(name).catch((e: unknown) => {
        this.ensured.delete(name);
        throw e;
      });
      this.ensured.set(name, done);
    }
    return done;
  }

  private async createQueue(name: string): Promise<void> {
    await this.open();
    const o = this.queues.get(name);
    if (!o) throw unknownQueue(name);
    // The dead-letter queue must exist first: pg-boss references it by foreign key.
    if (o.deadLetter) await this.ensureQueue(o.deadLetter);
    const options = {
      retryLimit: o.retryLimit,
      retryDelay: o.retryDelaySeconds,
      retryBackoff: o.retryBackoff,
      heartbeatSeconds: o.heartbeatSeconds,
      expireInSeconds: o.expireInSeconds,
    } satisfies Partial<Queue>;
    // pg-boss accepts a maximum delay only with backoff.
    const retryDelayMax = o.retryBackoff ? o.retryDelayMaxSeconds : null;
    await this.boss.createQueue(name, {
      ...options,
      policy: 'exclusive',
      ...(retryDelayMax ? { retryDelayMax } : {}),
      ...(o.deadLetter ? { deadLetter: o.deadLetter } : {}),
    });
    const existing = await this.boss.getQueue(name);
    if (existing?.policy !== 'exclusive')
      throw new Error(`pg-boss queue "${name}" exists with policy "${existing?.policy}"; Onramp's queues use "exclusive" (delete the queue or rename it)`);
    // createQueue leaves an existing queue as it was; this applies options changed since.
    await this.boss.updateQueue(name, { ...options, retryDelayMax, deadLetter: o.deadLetter });
  }

  async declareQueue(name: string, options: QueueOptions = {}): Promise<void> {
    const resolved = resolveQueueOptions(name, options, this.settings);
    if (resolved.deadLetter && !this.queues.has(resolved.deadLetter))
      this.queues.set(resolved.deadLetter, resolveQueueOptions(resolved.deadLetter, {}, this.settings));
    this.queues.set(name, resolved);
    this.ensured.delete(name);
    if (this.opening) await this.ensureQueue(name);
  }

  async send<T extends JobData>(queue: string, data: T, options: SendOptions = {}, tx?: EntityManager): Promise<string | null> {
    if (!this.queues.has(queue)) throw unknownQueue(queue);
    checkSendOptions(queue, options);
    serializePayload(queue, data);
    const db = tx ? fromKysely(transactionOf<KyselyTransactionLike>(queue, tx)) : undefined;
    await this.ensureQueue(queue);
    const id = randomUUID();
    return this.boss.send(queue, data, {
      id,
      singletonKey: options.singletonKey ?? `${OWN_KEY_PREFIX}${id}`,
      ...(options.startAfter !== undefined ? { startAfter: options.startAfter } : {}),
      ...(db ? { db } : {}),
    });
  }

  async work<T extends JobData>(queue: string, handler: JobHandler<T>, options: WorkOptions = {}): Promise<void> {
    if (!this.queues.has(queue)) throw unknownQueue(queue);
    const worker: Worker = { queue, handler: handler as JobHandler, concurrency: checkWorkOptions(queue, options) };
    this.workers.push(worker);
    if (this.state === 'started') await this.startWorker(worker);
  }

  private async startWorker(worker: Worker): Promise<void> {
    await this.ensureQueue(worker.queue);
    await this.boss.work<JobData>(
      worker.queue,
      { localConcurrency: worker.concurrency, batchSize: 1, pollingIntervalSeconds: this.settings.pollIntervalSeconds },
      async ([job]: PgBossJob<JobData>[]) => {
        const attempt = job.retryCount + 1;
        try {
          await worker.handler({ id: job.id, queue: job.name, data: job.data, attempt, signal: job.signal });
        } catch (e) {
          this.logger?.warn({ queue: job.name, jobId: job.id, attempt, err: failureMessage(e) }, 'job attempt failed');
          // pg-boss stores what is thrown as the job's output: the message, never a stack or the error's own properties.
          const stored = new Error(failureMessage(e));
          delete (stored as { stack?: string }).stack;
          throw stored;
        }
      },
    );
  }

  async schedule<T extends JobData>(name: string, cron: string, options: ScheduleOptions<T> = {}): Promise<void> {
    if (!this.queues.has(name)) throw unknownQueue(name);
    this.schedulesBook.define(parseSchedule(name, cron, options.tz ?? this.settings.timezone, options.data ?? {}));
    await this.schedulesBook.register(name);
  }

  async start(): Promise<void> {
    if (this.state !== 'idle') return;
    this.state = 'started';
    await this.open();
    for (const name of this.queues.keys()) await this.ensureQueue(name);
    for (const worker of this.workers) await this.startWorker(worker);
    await this.supervise();
    this.superviseTimer = setInterval(() => void this.supervise(), this.settings.superviseIntervalSeconds * 1000);
    this.superviseTimer.unref();
    await this.runDueSchedules();
    this.scheduleTimer = setInterval(
      () => void this.runDueSchedules().catch((e: unknown) => this.logger?.error({ err: failureMessage(e) }, 'job schedule pass failed')),
      this.settings.scheduleIntervalSeconds * 1000,
    );
    this.scheduleTimer.unref();
  }

  runDueSchedules(): Promise<number> {
    return this.schedulesBook.runDue();
  }

  /** pg-boss's monitor: fails attempts whose heartbeat or expiry ran out, so they are retried; claimed per queue across instances. */
  private supervise(): Promise<void> {
    if (this.state !== 'started') return Promise.resolve();
    this.supervising ??= this.boss
      .supervise()
      .catch((e: unknown) => this.logger?.error({ err: failureMessage(e) }, 'job supervision failed'))
      .finally(() => (this.supervising = null));
    return this.supervising;
  }

  stop(options: StopOptions = {}): Promise<void> {
    this.stopping ??= this.shutDown(options).finally(() => (this.stopping = null));
    return this.stopping;
  }

  private async shutDown(options: StopOptions): Promise<void> {
    this.state = 'stopped';
    if (this.superviseTimer) clearInterval(this.superviseTimer);
    if (this.scheduleTimer) clearInterval(this.scheduleTimer);
    await Promise.all([this.schedulesBook.settle(), this.supervising]);
    if (!this.opening) return;
    await this.opening.catch(() => undefined);
    // Graceful: pg-boss waits for running handlers up to the timeout, then fails what is left so it is retried.
    await this.boss.stop({ graceful: options.graceful ?? true, timeout: options.timeoutMs ?? this.settings.stopTimeoutSeconds * 1000, close: true });
    // Sending or reading the admin view after a stop connects again (and a later stop() closes again).
    this.opening = null;
    this.ensured.clear();
  }

  async overview(): Promise<QueueCounts[]> {
    await this.open();
    const names = [...this.queues.keys()];
    const { rows } = await this.boss
      .getDb()
      .executeSql(`select name, state::text as state, count(*)::int as n from ${this.schema}.job where name = any($1::text[]) group by name, state`, [names]);
    return names.map((queue) => {
      const count = (state: string) =>
        Number((rows as { name: string; state: string; n: number }[]).find((r) => r.name === queue && r.state === state)?.n ?? 0);
      return { queue, queued: count('created'), active: count('active'), failed: count('retry'), dead: count('failed'), completed: count('completed') };
    });
  }

  async list(queue: string, state: JobState, limit = 50): Promise<JobSummary[]> {
    checkListArguments(queue, state, limit);
    if (!this.queues.has(queue)) throw unknownQueue(queue);
    await this.open();
    // The data column is never selected: the admin view shows what happened, not what was sent.
    const { rows } = await this.boss.getDb().executeSql(
      `select id::text as id, state::text as state, retry_count, retry_limit, singleton_key, created_on, started_on, completed_on, start_after,
              coalesce(output->>'message', output->'value'->>'message') as error
       from ${this.schema}.job where name = $1 and state = $2::${this.schema}.job_state order by created_on desc, id desc limit $3`,
      [queue, PG_STATE[state], limit],
    );
    return (rows as Record<string, unknown>[]).map((r) => ({
      id: String(r.id),
      queue,
      state: ADMIN_STATE[String(r.state)],
      // retry_count goes up each time an attempt starts after the first.
      attempts: r.started_on === null ? 0 : Number(r.retry_count) + 1,
      maxAttempts: Number(r.retry_limit) + 1,
      singletonKey: typeof r.singleton_key === 'string' && !r.singleton_key.startsWith(OWN_KEY_PREFIX) ? r.singleton_key : null,
      createdAt: r.created_on as Date,
      startedAt: (r.started_on as Date | null) ?? null,
      finishedAt: (r.completed_on as Date | null) ?? null,
      runAfter: r.start_after as Date,
      lastError: (r.error as string | null) ?? null,
    }));
  }

  schedules(): Promise<ScheduleStatus[]> {
    return this.schedulesBook.status();
  }
}
