import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { Cron } from 'croner';
import { DomainError } from '../../shared/domain/domain-error';
import type { Clock } from '../../shared/domain/clock';
import type { JobData, ScheduleStatus } from './job-runner';
import { fromDbTime, inTransaction, ormExecutor, toDbTime, type Dialect } from '../database/sql-executor';

export interface ScheduleDefinition {
  name: string;
  cron: string;
  timezone: string;
  data: JobData;
  pattern: Cron;
}

/** Enqueues one occurrence in the claim's transaction; returns the job id (null if a job with its key is still queued). */
export type EnqueueOccurrence = (definition: ScheduleDefinition, occurrence: Date, tx: EntityManager) => Promise<string | null>;

/** The occurrence a scheduled job is for, in its data and in its singleton key. */
export const occurrenceKey = (name: string, occurrence: Date) => `${name}@${occurrence.toISOString()}`;

export function parseSchedule(name: string, cron: string, timezone: string, data: JobData): ScheduleDefinition {
  try {
    // croner reads the zone only when it computes a run; asking Intl refuses a bad one now.
    new Intl.DateTimeFormat('en-GB', { timeZone: timezone });
  } catch {
    throw new DomainError('JOBS.INVALID', 'invalid', `schedule "${name}": "${timezone}" is not an IANA time zone (for example Europe/London)`, {
      schedule: name,
    });
  }
  let pattern: Cron;
  try {
    pattern = new Cron(cron, { timezone, paused: true });
  } catch (e) {
    throw new DomainError('JOBS.INVALID', 'invalid', `schedule "${name}": "${cron}" in ${timezone} is not a valid cron expression (${(e as Error).message})`, {
      schedule: name,
    });
  }
  return { name, cron, timezone, data, pattern };
}

/** The latest occurrence at or before `now`, or null when the expression has none yet. */
export function latestOccurrence(pattern: Cron, now: Date): Date | null {
  // croner counts back from strictly before its reference: a millisecond on, an occurrence due this instant is included.
  return pattern.previousRuns(1, new Date(now.getTime() + 1))[0] ?? null;
}

/**
 * The schedules of one runner, over the `job_schedules` table both databases share. Each pass
 * computes every schedule's latest occurrence and claims it with one conditional update
 * (`last_occurrence < occurrence`) in a transaction that also enqueues the job: across any number
 * of instances exactly one claim succeeds per occurrence, and a claim whose enqueue fails rolls
 * back with it. Because a pass only looks at the latest occurrence, one missed while no instance
 * ran is sent once by the next pass, and older missed ones are not sent at all.
 */
export class JobSchedules {
  private readonly definitions = new Map<string, ScheduleDefinition>();
  private readonly registered = new Set<string>();
  private pass: Promise<number> | null = null;
  private readonly ts: string;
  private readonly lastOccurrence: string;

  constructor(
    private readonly orm: MikroORM,
    private readonly dialect: Dialect,
    private readonly clock: Clock,
    private readonly enqueue: EnqueueOccurrence,
  ) {
    this.ts = dialect === 'postgresql' ? '?::timestamptz' : '?';
    // Epoch milliseconds on both, whatever the driver makes of a timestamptz.
    this.lastOccurrence = dialect === 'postgresql' ? '(extract(epoch from last_occurrence) * 1000)::float8 as last_occurrence' : 'last_occurrence';
  }

  get names(): string[] {
    return [...this.definitions.keys()];
  }

  define(definition: ScheduleDefinition): void {
    this.definitions.set(definition.name, definition);
    this.registered.delete(definition.name);
  }

  /**
   * Writes a definition's row. A new schedule starts from its latest past occurrence, so declaring
   * one never sends an occurrence from before it existed; a changed expression starts afresh the
   * same way; an unchanged one keeps its row, which is what lets a missed occurrence be found.
   */
  async register(name: string): Promise<void> {
    const definition = this.definitions.get(name);
    if (!definition) return;
    const now = this.clock.now();
    const latest = latestOccurrence(definition.pattern, now);
    const sql = ormExecutor(this.orm, this.dialect);
    const at = toDbTime(this.dialect, now);
    const latestAt = latest && toDbTime(this.dialect, latest);
    await sql.execute(
      `insert into job_schedules (name, cron, timezone, last_occurrence, created_at, updated_at) values (?, ?, ?, ${this.ts}, ${this.ts}, ${this.ts}) on conflict (name) do nothing`,
      [name, definition.cron, definition.timezone, latestAt, at, at],
    );
    await sql.execute(
      `update job_schedules set cron = ?, timezone = ?, updated_at = ${this.ts},
         last_occurrence = case when last_occurrence is null or last_occurrence < ${this.ts} then ${this.ts} else last_occurrence end
       where name = ? and (cron <> ? or timezone <> ?)`,
      [definition.cron, definition.timezone, at, latestAt, latestAt, name, definition.cron, definition.timezone],
    );
    this.registered.add(name);
  }

  async registerAll(): Promise<void> {
    for (const name of this.definitions.keys()) if (!this.registered.has(name)) await this.register(name);
  }

  /** One pass over every schedule; one pass at a time per runner. */
  runDue(): Promise<number> {
    if (!this.pass) this.pass = this.sendDue().finally(() => (this.pass = null));
    return this.pass;
  }

  /** Waits for a pass in progress (stop() does, before the database closes). */
  async settle(): Promise<void> {
    await this.pass?.catch(() => undefined);
  }

  private async sendDue(): Promise<number> {
    if (this.definitions.size === 0) return 0;
    await this.registerAll();
    const now = this.clock.now();
    const rows = await ormExecutor(this.orm, this.dialect).query<{ name: string; last_occurrence: unknown }>(
      `select name, ${this.lastOccurrence} from job_schedules where name in (${this.names.map(() => '?').join(', ')})`,
      this.names,
    );
    const last = new Map(rows.map((r) => [r.name, fromDbTime(r.last_occurrence)]));
    let sent = 0;
    for (const definition of this.definitions.values()) {
      const occurrence = latestOccurrence(definition.pattern, now);
      if (!occurrence) continue;
      if (!last.has(definition.name)) {
        // The row went missing (deleted by hand): declare it again rather than guess what was sent.
        await this.register(definition.name);
        continue;
      }
      const previous = last.get(definition.name);
      if (previous && previous.getTime() >= occurrence.getTime()) continue;
      const claimed = await inTransaction(this.orm, this.dialect, async (sql, em) => {
        const won = await sql.execute(
          `update job_schedules set last_occurrence = ${this.ts}, updated_at = ${this.ts} where name = ? and (last_occurrence is null or last_occurrence < ${this.ts})`,
          [toDbTime(this.dialect, occurrence), toDbTime(this.dialect, now), definition.name, toDbTime(this.dialect, occurrence)],
        );
        if (won !== 1) return false;
        await this.enqueue(definition, occurrence, em);
        return true;
      });
      if (claimed) sent++;
    }
    return sent;
  }

  async status(): Promise<ScheduleStatus[]> {
    if (this.definitions.size === 0) return [];
    const rows = await ormExecutor(this.orm, this.dialect).query<{ name: string; last_occurrence: unknown }>(
      `select name, ${this.lastOccurrence} from job_schedules where name in (${this.names.map(() => '?').join(', ')})`,
      this.names,
    );
    const last = new Map(rows.map((r) => [r.name, fromDbTime(r.last_occurrence)]));
    const now = this.clock.now();
    return [...this.definitions.values()].map((d) => ({
      name: d.name,
      cron: d.cron,
      timezone: d.timezone,
      lastOccurrence: last.get(d.name) ?? null,
      nextOccurrence: d.pattern.nextRun(now),
    }));
  }
}
