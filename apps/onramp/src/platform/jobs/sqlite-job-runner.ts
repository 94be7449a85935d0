import { randomBytes } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../shared/domain/clock';
import {
  checkListArguments,
  checkSendOptions,
  checkWorkOptions,
  DEFAULT_RUNNER_SETTINGS,
  failureMessage,
  resolveQueueOptions,
  retryDelayMs,
  serializePayload,
  transactionOf,
  unknownQueue,
  type Job,
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
import { inTransaction, ormExecutor, transactionExecutor, type KyselyLike, type SqlExecutor } from '../database/sql-executor';

/** pg-boss's retention defaults: queued jobs are dropped after 14 days, finished ones kept 7 days. */
const QUEUED_RETENTION_MS = 14 * 86_400_000;
const FINISHED_RETENTION_MS = 7 * 86_400_000;

/** pg-boss's state names, so the two runners' tables read alike and map to the admin states the same way. */
type StoredState = 'created' | 'retry' | 'active' | 'completed' | 'failed';
const STORED_STATE: Record<JobState, StoredState> = { queued: 'created', failed: 'retry', active: 'active', dead: 'failed', completed: 'completed' };
const ADMIN_STATE = Object.fromEntries(Object.entries(STORED_STATE).map(([admin, stored]) => [stored, admin])) as Record<StoredState, JobState>;

interface ClaimedRow {
  id: string;
  queue: string;
  data: string;
  attempts: number;
  retry_limit: number;
  retry_delay: number;
  retry_backoff: number;
  retry_delay_max: number;
  heartbeat_seconds: number;
  dead_letter: string | null;
}

const CLAIMED_COLUMNS = 'id, queue, data, attempts, retry_limit, retry_delay, retry_backoff, retry_delay_max, heartbeat_seconds, dead_letter';

interface Running {
  row: ClaimedRow;
  done: Promise<void>;
  abort: AbortController;
  heartbeat: NodeJS.Timeout;
  /** Given up by a stop: whatever the handler does later is not recorded (the attempt was already failed). */
  abandoned: boolean;
}

interface Worker {
  queue: string;
  handler: JobHandler;
  concurrency: number;
  running: Map<string, Running>;
  polling: Promise<void> | null;
  timer: NodeJS.Timeout | null;
}

export interface SqliteJobRunnerOptions {
  orm: MikroORM;
  clock?: Clock;
  logger?: Logger;
  settings?: Partial<JobRunnerSettings>;
}

/**
 * The job engine in process, for SQLite: jobs live in the `jobs` table of the application's
 * database (so they survive restarts and can be written in the caller's transaction), and each
 * worker polls it. A claim is one `update … returning` statement, so two processes on one file
 * never take the same job. Retries, backoff, heartbeats, expiry and dead letters follow pg-boss.
 */
export class SqliteJobRunner implements JobRunner {
  readonly kind = 'sqlite' as const;
  private readonly orm: MikroORM;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly settings: JobRunnerSettings;
  private readonly queues = new Map<string, ResolvedQueueOptions>();
  private readonly workers: Worker[] = [];
  private readonly schedulesBook: JobSchedules;
  private state: 'idle' | 'started' | 'stopping' | 'stopped' = 'idle';
  private superviseTimer: NodeJS.Timeout | null = null;
  private scheduleTimer: NodeJS.Timeout | null = null;
  private supervising: Promise<void> | null = null;

  constructor(options: SqliteJobRunnerOptions) {
    this.orm = options.orm;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
    this.settings = { ...DEFAULT_RUNNER_SETTINGS, ...options.settings };
    this.schedulesBook = new JobSchedules(this.orm, 'sqlite', this.clock, (definition, occurrence, tx) =>
      this.send(
        definition.name,
        { ...definition.data, occurrence: occurrence.toISOString() },
        { singletonKey: occurrenceKey(definition.name, occurrence) },
        tx,
      ),
    );
  }

  private get sql(): SqlExecutor {
    return ormExecutor(this.orm, 'sqlite');
  }

  async declareQueue(name: string, options: QueueOptions = {}): Promise<void> {
    const resolved = resolveQueueOptions(name, options, this.settings);
    if (resolved.deadLetter && !this.queues.has(resolved.deadLetter))
      this.queues.set(resolved.deadLetter, resolveQueueOptions(resolved.deadLetter, {}, this.settings));
    this.queues.set(name, resolved);
  }

  async send<T extends JobData>(queue: string, data: T, options: SendOptions = {}, tx?: EntityManager): Promise<string | null> {
    const resolved = this.queues.get(queue);
    if (!resolved) throw unknownQueue(queue);
    checkSendOptions(queue, options);
    const payload = serializePayload(queue, data);
    const sql = tx ? transactionExecutor(transactionOf<KyselyLike>(queue, tx), 'sqlite') : this.sql;
    const now = Date.now();
    const { startAfter } = options;
    const runAfter = startAfter instanceof Date ? startAfter.getTime() : now + (startAfter ?? 0) * 1000;
    const id = await this.insert(sql, queue, resolved, payload, options.singletonKey ?? null, runAfter, now);
    if (id) this.nudge(queue);
    return id;
  }

  private async insert(
    sql: SqlExecutor,
    queue: string,
    o: ResolvedQueueOptions,
    payload: string,
    singletonKey: string | null,
    runAfter: number,
    now: number,
  ): Promise<string | null> {
    // The partial unique index on (queue, singleton_key) over live states turns a duplicate into "no row".
    const rows = await sql.query<{ id: string }>(
      `insert into jobs (id, queue, state, data, singleton_key, attempts, retry_limit, retry_delay, retry_backoff, retry_delay_max, heartbeat_seconds, expire_seconds, dead_letter, run_after, created_at)
       values (?, ?, 'created', ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing returning id`,
      [
        timeOrderedUuid(now),
        queue,
        payload,
        singletonKey,
        o.retryLimit,
        o.retryDelaySeconds,
        o.retryBackoff ? 1 : 0,
        o.retryDelayMaxSeconds,
        o.heartbeatSeconds,
        o.expireInSeconds,
        o.deadLetter,
        runAfter,
        now,
      ],
    );
    return rows[0]?.id ?? null;
  }

  async work<T extends JobData>(queue: string, handler: JobHandler<T>, options: WorkOptions = {}): Promise<void> {
    if (!this.queues.has(queue)) throw unknownQueue(queue);
    const worker: Worker = {
      queue,
      handler: handler as JobHandler,
      concurrency: checkWorkOptions(queue, options),
      running: new Map(),
      polling: null,
      timer: null,
    };
    this.workers.push(worker);
    if (this.state === 'started') this.startWorker(worker);
  }

  async schedule<T extends JobData>(name: string, cron: string, options: ScheduleOptions<T> = {}): Promise<void> {
    if (!this.queues.has(name)) throw unknownQueue(name);
    this.schedulesBook.define(parseSchedule(name, cron, options.tz ?? this.settings.timezone, options.data ?? {}));
    await this.schedulesBook.register(name);
  }

  async start(): Promise<void> {
    if (this.state !== 'idle') return;
    this.state = 'started';
    for (const worker of this.workers) this.startWorker(worker);
    await this.supervise();
    this.superviseTimer = setInterval(() => void this.supervise(), this.settings.superviseIntervalSeconds * 1000);
    this.superviseTimer.unref();
    // The first pass before start() returns: an occurrence missed while nothing ran is sent now.
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

  async stop(options: StopOptions = {}): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    this.state = 'stopping';
    const graceful = options.graceful ?? true;
    const timeoutMs = options.timeoutMs ?? this.settings.stopTimeoutSeconds * 1000;
    for (const timer of [this.superviseTimer, this.scheduleTimer, ...this.workers.map((w) => w.timer)]) if (timer) clearInterval(timer);
    await Promise.all([this.schedulesBook.settle(), this.supervising, ...this.workers.map((w) => w.polling)]);
    const running = this.workers.flatMap((w) => [...w.running.values()]);
    if (graceful && running.length) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(running.map((r) => r.done)), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
    }
    // Whatever still runs is given up: failed now so it is retried, rather than after its heartbeat lapses.
    for (const worker of this.workers)
      for (const running of worker.running.values()) {
        running.abandoned = true;
        clearInterval(running.heartbeat);
        running.abort.abort(new Error('the job runner stopped'));
        await this.fail(running.row, 'the job runner stopped while the job was running').catch(() => undefined);
      }
    this.state = 'stopped';
  }

  async overview(): Promise<QueueCounts[]> {
    const rows = await this.sql.query<{ queue: string; state: StoredState; n: number }>(`select queue, state, count(*) as n from jobs group by queue, state`);
    return [...this.queues.keys()].map((queue) => {
      const count = (state: StoredState) => Number(rows.find((r) => r.queue === queue && r.state === state)?.n ?? 0);
      return { queue, queued: count('created'), active: count('active'), failed: count('retry'), dead: count('failed'), completed: count('completed') };
    });
  }

  async list(queue: string, state: JobState, limit = 50): Promise<JobSummary[]> {
    checkListArguments(queue, state, limit);
    if (!this.queues.has(queue)) throw unknownQueue(queue);
    // The payload column is never selected: the admin view shows what happened, not what was sent.
    const rows = await this.sql.query<{
      id: string;
      state: StoredState;
      attempts: number;
      retry_limit: number;
      singleton_key: string | null;
      created_at: number;
      started_at: number | null;
      completed_at: number | null;
      run_after: number;
      last_error: string | null;
    }>(
      `select id, state, attempts, retry_limit, singleton_key, created_at, started_at, completed_at, run_after, last_error
       from jobs where queue = ? and state = ? order by created_at desc, rowid desc limit ?`,
      [queue, STORED_STATE[state], limit],
    );
    return rows.map((r) => ({
      id: r.id,
      queue,
      state: ADMIN_STATE[r.state],
      attempts: Number(r.attempts),
      maxAttempts: Number(r.retry_limit) + 1,
      singletonKey: r.singleton_key,
      createdAt: new Date(Number(r.created_at)),
      startedAt: r.started_at === null ? null : new Date(Number(r.started_at)),
      finishedAt: r.completed_at === null ? null : new Date(Number(r.completed_at)),
      runAfter: new Date(Number(r.run_after)),
      lastError: r.last_error,
    }));
  }

  schedules(): Promise<ScheduleStatus[]> {
    return this.schedulesBook.status();
  }

  private startWorker(worker: Worker): void {
    worker.timer = setInterval(() => this.poll(worker), this.settings.pollIntervalSeconds * 1000);
    worker.timer.unref();
    this.poll(worker);
  }

  /** Wakes this process's idle workers of a queue at once instead of at their next poll. */
  private nudge(queue: string): void {
    if (this.state !== 'started') return;
    for (const worker of this.workers) if (worker.queue === queue) setImmediate(() => this.poll(worker));
  }

  private poll(worker: Worker): void {
    if (this.state !== 'started' || worker.polling) return;
    const free = worker.concurrency - worker.running.size;
    if (free <= 0) return;
    worker.polling = this.claim(worker.queue, free)
      .then((rows) => {
        for (const row of rows) this.run(worker, row);
        // A full batch suggests more are waiting: look again now rather than a poll interval later.
        if (rows.length === free) setImmediate(() => this.poll(worker));
      })
      .catch((e: unknown) => this.logger?.error({ queue: worker.queue, err: failureMessage(e) }, 'job claim failed'))
      .finally(() => (worker.polling = null));
  }

  private claim(queue: string, limit: number): Promise<ClaimedRow[]> {
    const now = Date.now();
    return this.sql.query<ClaimedRow>(
      `update jobs set state = 'active', attempts = attempts + 1, started_at = ?, heartbeat_at = ?, completed_at = null
       where id in (select id from jobs where queue = ? and state in ('created', 'retry') and run_after <= ? order by run_after, created_at limit ?)
       returning ${CLAIMED_COLUMNS}`,
      [now, now, queue, now, limit],
    );
  }

  private run(worker: Worker, row: ClaimedRow): void {
    const abort = new AbortController();
    const job: Job = { id: row.id, queue: row.queue, data: JSON.parse(row.data) as JobData, attempt: Number(row.attempts), signal: abort.signal };
    const heartbeat = setInterval(
      () => {
        this.sql
          .execute(`update jobs set heartbeat_at = ? where id = ? and state = 'active' and attempts = ?`, [Date.now(), row.id, row.attempts])
          .then((changed) => {
            // Swept as lost (this process stalled past the heartbeat) or given up by stop(): this attempt no longer owns the job.
            if (changed === 0) abort.abort(new Error('the job is no longer claimed by this attempt'));
          })
          .catch((e: unknown) => this.logger?.warn({ queue: row.queue, jobId: row.id, err: failureMessage(e) }, 'job heartbeat failed'));
      },
      (row.heartbeat_seconds * 1000) / 2,
    );
    heartbeat.unref();
    const entry: Running = { row, abort, heartbeat, abandoned: false, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        await worker.handler(job);
        if (entry.abandoned) return;
        await this.sql.execute(
          `update jobs set state = 'completed', completed_at = ?, heartbeat_at = null where id = ? and state = 'active' and attempts = ?`,
          [Date.now(), row.id, row.attempts],
        );
      } catch (e) {
        if (entry.abandoned) return;
        this.logger?.warn({ queue: row.queue, jobId: row.id, attempt: job.attempt, err: failureMessage(e) }, 'job attempt failed');
        await this.fail(row, failureMessage(e)).catch((err: unknown) =>
          this.logger?.error({ queue: row.queue, jobId: row.id, err: failureMessage(err) }, 'job failure could not be recorded'),
        );
      } finally {
        clearInterval(heartbeat);
        worker.running.delete(row.id);
        this.poll(worker);
      }
    })();
    worker.running.set(row.id, entry);
  }

  /**
   * Records a failed attempt, fenced on the attempt so a late outcome of a superseded attempt changes
   * nothing: retry after the backoff delay, or dead (with a copy in the dead-letter queue).
   */
  private async fail(row: ClaimedRow, message: string): Promise<void> {
    const now = Date.now();
    const delay = retryDelayMs(
      { retryDelaySeconds: Number(row.retry_delay), retryBackoff: Number(row.retry_backoff) === 1, retryDelayMaxSeconds: Number(row.retry_delay_max) },
      Number(row.attempts),
    );
    await inTransaction(this.orm, 'sqlite', async (sql) => {
      const settled = await sql.query<{ state: StoredState; data: string; dead_letter: string | null; singleton_key: string | null }>(
        `update jobs set
           state = case when attempts <= retry_limit then 'retry' else 'failed' end,
           run_after = case when attempts <= retry_limit then ? else run_after end,
           completed_at = case when attempts <= retry_limit then null else ? end,
           heartbeat_at = null, last_error = ?
         where id = ? and state = 'active' and attempts = ?
         returning state, data, dead_letter, singleton_key`,
        [now + delay, now, message, row.id, row.attempts],
      );
      const dead = settled[0];
      if (dead?.state !== 'failed' || !dead.dead_letter) return;
      const target = this.queues.get(dead.dead_letter) ?? resolveQueueOptions(dead.dead_letter, {}, this.settings);
      await this.insert(sql, dead.dead_letter, target, dead.data, dead.singleton_key, now, now);
    });
  }

  /** Fails the attempts whose heartbeat or run time ran out (their worker crashed or hung) and deletes old jobs. */
  private supervise(): Promise<void> {
    if (this.supervising || this.state !== 'started') return this.supervising ?? Promise.resolve();
    this.supervising = (async () => {
      const now = Date.now();
      const lost = await this.sql.query<ClaimedRow & { timed_out: number }>(
        `select ${CLAIMED_COLUMNS}, started_at + expire_seconds * 1000 < ? as timed_out from jobs
         where state = 'active' and (heartbeat_at + heartbeat_seconds * 1000 < ? or started_at + expire_seconds * 1000 < ?)`,
        [now, now, now],
      );
      for (const row of lost) {
        const message = Number(row.timed_out)
          ? `the job ran longer than its queue's expireInSeconds`
          : 'the job heartbeat stopped (its worker crashed or stalled)';
        this.logger?.warn({ queue: row.queue, jobId: row.id, attempt: Number(row.attempts) }, message);
        await this.fail(row, message);
      }
      await this.sql.execute(
        `delete from jobs where (state in ('completed', 'failed') and completed_at < ?) or (state in ('created', 'retry') and created_at < ?)`,
        [now - FINISHED_RETENTION_MS, now - QUEUED_RETENTION_MS],
      );
    })()
      .catch((e: unknown) => this.logger?.error({ err: failureMessage(e) }, 'job supervision failed'))
      .finally(() => (this.supervising = null));
    return this.supervising;
  }
}

/**
 * A version 7 UUID (RFC 9562): milliseconds first, then randomness. Job ids are the table's key,
 * so ids made in time order are written next to each other, where random ones would touch a
 * different page of the key's index with every job.
 */
export function timeOrderedUuid(ms: number): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
