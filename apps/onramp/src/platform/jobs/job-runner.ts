import type { EntityManager } from '@mikro-orm/core';
import { DomainError } from '../../shared/domain/domain-error';

/**
 * A job's payload: a small JSON object of ids (an organisation's ODS code, an outbox message id, an
 * occurrence), never content. The handler loads what it needs inside its own transaction, so a
 * payload can hold no secret and never goes stale. Payloads are stored until the job is deleted and
 * are never returned by the admin view.
 */
export type JobData = Record<string, unknown>;

/** How a queue's jobs are retried and watched. Every job inherits its queue's options when it is sent. */
export interface QueueOptions {
  /** Retries after the first attempt, so a job runs at most `retryLimit + 1` times. Default 3. */
  retryLimit?: number;
  /** Whole seconds before the first retry. Default 30. */
  retryDelaySeconds?: number;
  /** Each retry waits about twice as long as the one before (with jitter), up to `retryDelayMaxSeconds`. Default true. */
  retryBackoff?: boolean;
  /** The longest wait between two attempts when backing off. Default 3600. */
  retryDelayMaxSeconds?: number;
  /**
   * A queue that receives a copy of every job that has used up its retries (declared as a plain
   * queue if this process has not declared it). Without one the job stays in this queue as dead.
   */
  deadLetter?: string;
  /**
   * A running job's worker refreshes a heartbeat every half of this; a job whose heartbeat is this
   * many seconds old (its worker crashed or hung) counts as a failed attempt and is retried. At
   * least 10 (pg-boss's floor). Default: the runner's `heartbeatSeconds`.
   */
  heartbeatSeconds?: number;
  /** The longest one attempt may run, heartbeat or not, before it counts as failed. Default 900. */
  expireInSeconds?: number;
}

export interface SendOptions {
  /**
   * While a job with this key is queued, waiting to retry or running, another send with the same
   * key is a no-op (returns null). Once that job has finished, the key is free again.
   */
  singletonKey?: string;
  /** Not before this time (a Date, or seconds from now). */
  startAfter?: Date | number;
}

export interface Job<T extends JobData = JobData> {
  id: string;
  queue: string;
  data: T;
  /** 1 on the first attempt, 2 on the first retry, and so on. */
  attempt: number;
  /** Aborted when this attempt no longer owns the job (its heartbeat was lost, or the runner is stopping without grace). */
  signal: AbortSignal;
}

/**
 * Handles one job. A rejection fails the attempt: the job is retried with backoff, then dead.
 * Handlers must be idempotent: a job can run more than once (a worker that crashes after the work
 * and before recording success, or one whose heartbeat lapsed while it was still running, is
 * retried), so a handler checks what is already done, e.g. by a unique key per occurrence.
 */
export type JobHandler<T extends JobData = JobData> = (job: Job<T>) => Promise<void>;

export interface WorkOptions {
  /** Jobs of this queue this process runs at the same time. Default 1. */
  concurrency?: number;
}

export interface ScheduleOptions<T extends JobData = JobData> {
  /** IANA time zone the cron expression is read in. Default: the runner's time zone. */
  tz?: string;
  /** Sent with every occurrence, plus `occurrence` (the ISO instant it is for). */
  data?: T;
}

/** The admin view's states: `failed` jobs will be retried, `dead` ones have used up their retries. */
export const JOB_STATES = ['queued', 'active', 'failed', 'dead', 'completed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface QueueCounts {
  queue: string;
  /** Waiting to run, including jobs deferred by `startAfter`. */
  queued: number;
  active: number;
  /** Failed at least once and waiting to be retried. */
  failed: number;
  /** Used up their retries (a copy is in the dead-letter queue when the queue has one). */
  dead: number;
  /** Finished successfully and not yet deleted by retention. */
  completed: number;
}

/** One job as the admin view shows it: state, attempts and the last error, never its payload. */
export interface JobSummary {
  id: string;
  queue: string;
  state: JobState;
  /** Attempts started so far. */
  attempts: number;
  maxAttempts: number;
  /** The key given to send(), or null. */
  singletonKey: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** When a queued or failed job may next run. */
  runAfter: Date;
  /** The message of the last failure (no stack), or null. */
  lastError: string | null;
}

export interface ScheduleStatus {
  name: string;
  cron: string;
  timezone: string;
  /** The latest occurrence an instance has enqueued (or the one before the schedule was first declared). */
  lastOccurrence: Date | null;
  nextOccurrence: Date | null;
}

export interface StopOptions {
  /** Wait for running handlers (up to `timeoutMs`) instead of abandoning them to be retried. Default true. */
  graceful?: boolean;
  /** Default: the runner's `stopTimeoutSeconds`. */
  timeoutMs?: number;
}

/**
 * Onramp's job engine: pg-boss on PostgreSQL, an in-process runner over tables in the same file on
 * SQLite, with the same semantics (see docs/jobs.md). Queues, workers and schedules may be declared
 * before `start()`; `send()` works whether or not this process runs the workers.
 */
export interface JobRunner {
  readonly kind: 'pg-boss' | 'sqlite';
  /** Declares a queue and its options. Call before sending to or working on it; declaring again with other options updates them. */
  declareQueue(name: string, options?: QueueOptions): Promise<void>;
  /**
   * Enqueues a job; returns its id, or null when `singletonKey` matched a job still queued or running.
   * With `tx` (an EntityManager inside `em.transactional()`), the job is written in that transaction:
   * it exists only if the transaction commits. From inside a transaction, always pass it: on
   * SQLite a send on the process's one connection would wait for the transaction to end.
   */
  send<T extends JobData>(queue: string, data: T, options?: SendOptions, tx?: EntityManager): Promise<string | null>;
  /** Runs `handler` for the queue's jobs in this process, from `start()` on (at once if already started). */
  work<T extends JobData>(queue: string, handler: JobHandler<T>, options?: WorkOptions): Promise<void>;
  /**
   * Sends a job to the queue of the same name (declare it first) on every occurrence of `cron`, once
   * per occurrence across every instance sharing the database. An occurrence missed while no
   * instance ran is sent once when one is next running (only the latest, if several were missed).
   */
  schedule<T extends JobData>(name: string, cron: string, options?: ScheduleOptions<T>): Promise<void>;
  /** Starts this process's workers, the schedule pass and the sweep that retries jobs of crashed workers. */
  start(): Promise<void>;
  /** Stops polling and the schedules; waits for running handlers when graceful. */
  stop(options?: StopOptions): Promise<void>;
  /** Runs one schedule pass now (start() runs one at once and then on a timer); returns how many occurrences this call enqueued. */
  runDueSchedules(): Promise<number>;
  /** Counts per declared queue. */
  overview(): Promise<QueueCounts[]>;
  /** The most recent jobs of a queue in one state, newest first. */
  list(queue: string, state: JobState, limit?: number): Promise<JobSummary[]>;
  /** The declared schedules and their last and next occurrences. */
  schedules(): Promise<ScheduleStatus[]>;
}

export const JOB_RUNNER = Symbol('JobRunner');

/** Settings shared by both runners; the defaults suit one small deployment. */
export interface JobRunnerSettings {
  /** How often an idle worker looks for jobs. pg-boss's floor is 0.5. Default 2. */
  pollIntervalSeconds: number;
  /** How often an instance looks for jobs whose heartbeat or run time ran out (and, on SQLite, deletes old jobs). Default 5. */
  superviseIntervalSeconds: number;
  /** How often an instance checks the schedules: an occurrence is sent at most this late. Default 10. */
  scheduleIntervalSeconds: number;
  /** Default heartbeat of every queue. Default 10. */
  heartbeatSeconds: number;
  /** Default time zone of schedules. Default UTC. */
  timezone: string;
  /** How long a graceful stop waits for running handlers before abandoning them to be retried. Default 30. */
  stopTimeoutSeconds: number;
  /** Connections pg-boss opens for itself (PostgreSQL only). Default 4. */
  poolSize: number;
}

export const DEFAULT_RUNNER_SETTINGS: JobRunnerSettings = {
  pollIntervalSeconds: 2,
  superviseIntervalSeconds: 5,
  scheduleIntervalSeconds: 10,
  heartbeatSeconds: 10,
  timezone: 'UTC',
  stopTimeoutSeconds: 30,
  poolSize: 4,
};

/** Queue options with every default filled in, as both runners store them. */
export type ResolvedQueueOptions = Required<Omit<QueueOptions, 'deadLetter'>> & { deadLetter: string | null };

/** Kept well inside a page: payloads are ids, and a bigger one is a mistake worth stopping early. */
export const MAX_PAYLOAD_BYTES = 8 * 1024;

const QUEUE_NAME = /^[A-Za-z0-9][\w.-]{0,99}$/;

const invalid = (message: string, details: Record<string, unknown> = {}) => new DomainError('JOBS.INVALID', 'invalid', message, details);

export function checkQueueName(name: string): void {
  if (typeof name !== 'string' || !QUEUE_NAME.test(name) || name.startsWith('__'))
    throw invalid(`queue name "${String(name)}" must be 1 to 100 letters, digits, ".", "-" or "_", starting with a letter or digit`, { queue: name });
}

function wholeNumber(queue: string, field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw invalid(`queue "${queue}": ${field} must be a whole number from ${min} to ${max} (got ${String(value)})`, { queue, field });
  return value;
}

export function resolveQueueOptions(queue: string, options: QueueOptions, settings: JobRunnerSettings): ResolvedQueueOptions {
  checkQueueName(queue);
  if (options.deadLetter !== undefined) {
    checkQueueName(options.deadLetter);
    if (options.deadLetter === queue) throw invalid(`queue "${queue}" cannot be its own dead-letter queue`, { queue, field: 'deadLetter' });
  }
  const backoff = options.retryBackoff ?? true;
  if (typeof backoff !== 'boolean') throw invalid(`queue "${queue}": retryBackoff must be true or false`, { queue, field: 'retryBackoff' });
  return {
    retryLimit: wholeNumber(queue, 'retryLimit', options.retryLimit ?? 3, 0, 100),
    retryDelaySeconds: wholeNumber(queue, 'retryDelaySeconds', options.retryDelaySeconds ?? 30, 0, 86_400),
    retryBackoff: backoff,
    retryDelayMaxSeconds: wholeNumber(queue, 'retryDelayMaxSeconds', options.retryDelayMaxSeconds ?? 3600, 1, 7 * 86_400),
    heartbeatSeconds: wholeNumber(queue, 'heartbeatSeconds', options.heartbeatSeconds ?? settings.heartbeatSeconds, 10, 3600),
    expireInSeconds: wholeNumber(queue, 'expireInSeconds', options.expireInSeconds ?? 900, 1, 86_400),
    deadLetter: options.deadLetter ?? null,
  };
}

/** The payload as stored: a plain JSON object, small. */
export function serializePayload(queue: string, data: JobData): string {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw invalid(`queue "${queue}": job data must be a JSON object of ids`, { queue });
  const json = JSON.stringify(data);
  if (Buffer.byteLength(json) > MAX_PAYLOAD_BYTES)
    throw invalid(
      `queue "${queue}": job data is ${Buffer.byteLength(json)} bytes, over the ${MAX_PAYLOAD_BYTES}-byte limit; send ids and load the rest in the handler`,
      {
        queue,
      },
    );
  return json;
}

export function checkSendOptions(queue: string, options: SendOptions): void {
  const { singletonKey, startAfter } = options;
  if (singletonKey !== undefined && (typeof singletonKey !== 'string' || singletonKey.length === 0 || singletonKey.length > 200))
    throw invalid(`queue "${queue}": singletonKey must be a string of 1 to 200 characters`, { queue, field: 'singletonKey' });
  if (startAfter !== undefined && !(startAfter instanceof Date && !Number.isNaN(startAfter.getTime())) && !(typeof startAfter === 'number' && startAfter >= 0))
    throw invalid(`queue "${queue}": startAfter must be a Date or a number of seconds from now`, { queue, field: 'startAfter' });
}

export function checkWorkOptions(queue: string, options: WorkOptions): number {
  return wholeNumber(queue, 'concurrency', options.concurrency ?? 1, 1, 100);
}

export function checkListArguments(queue: string, state: JobState, limit: number): void {
  checkQueueName(queue);
  if (!JOB_STATES.includes(state)) throw invalid(`job state "${String(state)}" must be one of ${JOB_STATES.join(', ')}`, { field: 'state' });
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw invalid(`limit must be a whole number from 1 to 500 (got ${String(limit)})`, { field: 'limit' });
}

export const unknownQueue = (queue: string) =>
  new DomainError('JOBS.UNKNOWN_QUEUE', 'not-found', `queue "${queue}" is not declared in this process: call declareQueue("${queue}") first`, { queue });

/**
 * The retry delay pg-boss computes (plans.ts, failJobsBody), so both runners back off alike: a fixed
 * delay, or with backoff `max(delay, 1) × 2^(attempt−1) × (1 + random)`, capped.
 */
export function retryDelayMs(
  options: Pick<ResolvedQueueOptions, 'retryDelaySeconds' | 'retryBackoff' | 'retryDelayMaxSeconds'>,
  attempt: number,
  random = Math.random(),
): number {
  if (!options.retryBackoff) return options.retryDelaySeconds * 1000;
  const exponent = Math.min(16, attempt);
  const seconds = Math.max(options.retryDelaySeconds, 1) * ((2 ** exponent / 2) * (1 + random));
  return Math.round(Math.min(options.retryDelayMaxSeconds, seconds) * 1000);
}

/** What a failed attempt records: the message only (no stack), bounded. */
export function failureMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 1000 ? `${message.slice(0, 997)}...` : message;
}

/** Entity manager passed as `tx` must be inside `em.transactional()`. */
export function transactionOf<T>(queue: string, tx: EntityManager): T {
  const ctx = tx.getTransactionContext<T & object>();
  if (!ctx) throw invalid(`queue "${queue}": send(…, tx) needs an entity manager inside em.transactional()`, { queue });
  return ctx as T;
}
