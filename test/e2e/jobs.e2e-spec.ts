import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { migrate, openDatabase } from '../../apps/onramp/src/platform/database/orm.config';
import { SCHEMA } from '../../apps/onramp/src/schema';
import { JOB_RUNNER, type Job, type JobData, type JobRunner, type JobRunnerSettings, type QueueOptions } from '../../apps/onramp/src/platform/jobs/job-runner';
import { createJobRunner } from '../../apps/onramp/src/platform/jobs/jobs.provider';
import { createLogger } from '../../apps/onramp/src/platform/logging/logger';
import type { Clock } from '../../apps/onramp/src/shared/domain/clock';
import { waitFor } from '../support/smtp-sink';
import { startTestApp } from '../support/test-app';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database';

/** Short intervals so conditions settle in seconds; the heartbeat stays at pg-boss's floor of 10 s. */
const FAST: Partial<JobRunnerSettings> = { pollIntervalSeconds: 0.5, superviseIntervalSeconds: 1, scheduleIntervalSeconds: 0.2, stopTimeoutSeconds: 10 };
const WORKER_SCRIPT = join(__dirname, '../support/job-worker.process.js');
const silent = createLogger('silent');

/** A clock the schedule tests move by hand. */
class ManualClock implements Clock {
  constructor(private at: Date) {}
  now() {
    return new Date(this.at);
  }
  set(iso: string) {
    this.at = new Date(iso);
  }
}

/** A promise resolved from outside: lets a handler block until the test releases it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe.each(testDatabaseKinds())('the job runner on %s', (kind) => {
  let db: TestDatabase;
  let orm: MikroORM;
  const runners: JobRunner[] = [];
  const orms: MikroORM[] = [];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    orm = await openDatabase(db.url, SCHEMA);
    await migrate(orm);
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(runners.map((r) => r.stop({ graceful: false })));
    await Promise.all(orms.map((o) => o.close()));
    await orm?.close();
    await db?.drop();
  });

  /** A runner as another instance would have it: on PostgreSQL with its own connection pool. */
  async function instance(options: { clock?: Clock; ownConnection?: boolean } = {}): Promise<JobRunner> {
    let own = orm;
    // Several SQLite connections in one process would wait on each other synchronously; instances
    // on one SQLite file share its connection here, and the crash test puts one in another process.
    if (options.ownConnection && kind === 'postgresql') {
      own = await openDatabase(db.url, SCHEMA);
      orms.push(own);
    }
    const runner = createJobRunner({ database: db.url, timezone: 'UTC' }, own, options.clock ?? { now: () => new Date() }, silent, FAST);
    runners.push(runner);
    return runner;
  }

  const jobsIn = async (runner: JobRunner, queue: string) => (await runner.overview()).find((q) => q.queue === queue)!;

  describe('singleton keys', () => {
    it('make a send with the key of a queued, retrying or running job a no-op, free the key once that job is done, and never merge sends without a key', async () => {
      const runner = await instance();
      await runner.declareQueue('single', { retryLimit: 1, retryDelaySeconds: 3600, retryBackoff: false });
      const first = await runner.send('single', { ods: 'A1' }, { singletonKey: 'org:A1' });
      expect(first).toEqual(expect.any(String));
      expect(await runner.send('single', { ods: 'A1' }, { singletonKey: 'org:A1' })).toBeNull();

      const release = gate();
      const seen: Job[] = [];
      await runner.work('single', async (job) => {
        seen.push(job);
        if (job.data.ods === 'FAIL') throw new Error('refused once');
        await release.opened;
      });
      await runner.start();
      await waitFor('the keyed job to run', () => seen.find((j) => j.id === first));
      expect((await jobsIn(runner, 'single')).active).toBe(1);
      expect(await runner.send('single', { ods: 'A1' }, { singletonKey: 'org:A1' })).toBeNull();

      release.open();
      await waitFor('the keyed job to complete', async () => (await jobsIn(runner, 'single')).completed === 1);
      const again = await runner.send('single', { ods: 'A1' }, { singletonKey: 'org:A1' });
      expect(again).toEqual(expect.any(String));
      expect(again).not.toBe(first);

      // A failed attempt waiting for its retry still holds the key.
      const failing = await runner.send('single', { ods: 'FAIL' }, { singletonKey: 'org:FAIL' });
      await waitFor('the failing job to wait for its retry', async () => (await runner.list('single', 'failed')).some((j) => j.id === failing));
      expect(await runner.send('single', { ods: 'FAIL' }, { singletonKey: 'org:FAIL' })).toBeNull();

      const a = await runner.send('single', { ods: 'B1' });
      const b = await runner.send('single', { ods: 'B1' });
      expect(a).toEqual(expect.any(String));
      expect(b).toEqual(expect.any(String));
      expect(a).not.toBe(b);
    });
  });

  describe('a failing job', () => {
    it('is retried with growing delays, then is dead: copied to the dead-letter queue with its attempts and last error', async () => {
      const runner = await instance();
      await runner.declareQueue('retrying', { retryLimit: 2, retryDelaySeconds: 1, retryBackoff: true, deadLetter: 'retrying.dead' });
      const attempts: { attempt: number; at: number }[] = [];
      await runner.work('retrying', async (job) => {
        attempts.push({ attempt: job.attempt, at: Date.now() });
        throw new Error(`the relay refused attempt ${job.attempt}`);
      });
      await runner.start();
      const id = await runner.send('retrying', { messageId: 'm-1' });

      const [dead] = await waitFor('the job to be dead', async () => {
        const list = await runner.list('retrying', 'dead');
        return list.length ? list : undefined;
      });
      expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
      // Backoff waits at least retryDelay × 2^(attempt−1) before the next attempt: 1 s, then 2 s (a fixed delay would be 1 s twice).
      expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(1000 - 20);
      expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(2000 - 20);
      expect(dead).toMatchObject({ id, state: 'dead', attempts: 3, maxAttempts: 3, lastError: 'the relay refused attempt 3' });
      expect(dead.finishedAt).toBeInstanceOf(Date);
      // What pg-boss stores of a failure is its message: no stack, no other properties of the error.
      if (kind === 'postgresql')
        expect(await db.sql(`select output from pgboss.job where id = $1 and name = 'retrying'`, [id])).toEqual([
          { output: { name: 'Error', message: 'the relay refused attempt 3' } },
        ]);
      const counts = await runner.overview();
      expect(counts.find((q) => q.queue === 'retrying')).toMatchObject({ queued: 0, active: 0, failed: 0, dead: 1 });
      expect(counts.find((q) => q.queue === 'retrying.dead')).toMatchObject({ queued: 1, dead: 0 });
      expect(attempts).toHaveLength(3);
    });
  });

  describe("a job sent in the caller's transaction", () => {
    it('does not exist when the transaction rolls back, and does when it commits', async () => {
      const runner = await instance();
      await runner.declareQueue('in-tx');
      await expect(
        orm.em.fork().transactional(async (em) => {
          expect(await runner.send('in-tx', { ods: 'R1' }, { singletonKey: 'rolled-back' }, em)).toEqual(expect.any(String));
          throw new Error('the command failed after enqueueing');
        }),
      ).rejects.toThrow('the command failed after enqueueing');
      expect((await jobsIn(runner, 'in-tx')).queued).toBe(0);

      const id = await orm.em.fork().transactional((em) => runner.send('in-tx', { ods: 'C1' }, { singletonKey: 'committed' }, em));
      expect(await runner.list('in-tx', 'queued')).toEqual([expect.objectContaining({ id, singletonKey: 'committed', attempts: 0 })]);
      // The rolled-back key was never taken.
      expect(await runner.send('in-tx', { ods: 'R1' }, { singletonKey: 'rolled-back' })).toEqual(expect.any(String));
    });

    it('is refused when the entity manager is not inside a transaction', async () => {
      const runner = await instance();
      await runner.declareQueue('in-tx-refused');
      await expect(runner.send('in-tx-refused', { ods: 'X1' }, {}, orm.em.fork())).rejects.toMatchObject({ code: 'JOBS.INVALID' });
      expect((await jobsIn(runner, 'in-tx-refused')).queued).toBe(0);
    });
  });

  describe('a worker killed mid-job', () => {
    it('has its job retried by another runner once its heartbeat lapses', async () => {
      const queueOptions: QueueOptions = { retryLimit: 2, retryDelaySeconds: 0, retryBackoff: false, heartbeatSeconds: 10 };
      const survivor = await instance({ ownConnection: true });
      await survivor.declareQueue('crash', queueOptions);
      const id = await survivor.send('crash', { ods: 'K1' });

      const child = spawn(process.execPath, [WORKER_SCRIPT, JSON.stringify({ database: db.url, queue: 'crash', queueOptions, settings: FAST })], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let output = '';
      child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      await waitFor(`the child worker to claim the job (output so far: ${output})`, () => output.includes(`started ${id} 1`), 30_000);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      expect((await survivor.list('crash', 'active')).map((j) => j.id)).toEqual([id]);

      const handled: Job[] = [];
      await survivor.work('crash', async (job) => {
        handled.push(job);
      });
      const killedAt = Date.now();
      await survivor.start();
      const retried = await waitFor('the job to be retried and completed', () => handled.find((j) => j.id === id), 45_000);
      process.stdout.write(`[jobs ${kind}] killed worker's job retried after ${Date.now() - killedAt} ms\n`);
      expect(retried.attempt).toBe(2);
      expect(retried.data).toEqual({ ods: 'K1' });
      await waitFor('the job to be recorded as completed', async () =>
        (await survivor.list('crash', 'completed')).some((j) => j.id === id && j.attempts === 2),
      );
    });
  });

  describe('a schedule', () => {
    it('sends each occurrence once across three runners on one database, whether passes race or run on their timers', async () => {
      const clock = new ManualClock(new Date('2026-12-01T10:00:30Z'));
      const three = [
        await instance({ clock, ownConnection: true }),
        await instance({ clock, ownConnection: true }),
        await instance({ clock, ownConnection: true }),
      ];
      for (const r of three) {
        await r.declareQueue('hourly-digest');
        await r.schedule('hourly-digest', '0 * * * *', { tz: 'Europe/London', data: { kind: 'digest' } });
      }
      // Declaring a schedule never sends an occurrence from before it existed (10:00 here).
      expect(await Promise.all(three.map((r) => r.runDueSchedules()))).toEqual([0, 0, 0]);

      for (const at of ['2026-12-01T11:00:05Z', '2026-12-01T12:00:00Z']) {
        clock.set(at);
        const sent = await Promise.all(three.map((r) => r.runDueSchedules()));
        expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
      }
      expect((await three[0].list('hourly-digest', 'queued')).map((j) => j.singletonKey).sort()).toEqual([
        'hourly-digest@2026-12-01T11:00:00.000Z',
        'hourly-digest@2026-12-01T12:00:00.000Z',
      ]);

      // On their timers: every runner passes several times over the 13:00 occurrence.
      await Promise.all(three.map((r) => r.start()));
      clock.set('2026-12-01T13:00:02Z');
      await waitFor('the 13:00 occurrence', async () => (await three[1].list('hourly-digest', 'queued')).length === 3);
      for (const r of three) await r.runDueSchedules();
      const keys = (await three[2].list('hourly-digest', 'queued')).map((j) => j.singletonKey);
      expect(keys.filter((k) => k === 'hourly-digest@2026-12-01T13:00:00.000Z')).toHaveLength(1);
      expect(keys).toHaveLength(3);
      expect(await three[0].schedules()).toEqual([
        {
          name: 'hourly-digest',
          cron: '0 * * * *',
          timezone: 'Europe/London',
          lastOccurrence: new Date('2026-12-01T13:00:00Z'),
          nextOccurrence: new Date('2026-12-01T14:00:00Z'),
        },
      ]);
    });

    it('sends the latest occurrence missed while no instance ran once, when two instances start together', async () => {
      const clock = new ManualClock(new Date('2026-12-02T08:10:00Z'));
      const before = await instance({ clock });
      await before.declareQueue('daily-report');
      await before.schedule('daily-report', '0 7 * * *', { tz: 'Europe/London', data: { report: 'compliance' } });
      await before.start();
      await before.stop();
      expect((await jobsIn(before, 'daily-report')).queued).toBe(0);

      // Down for three days: the 07:00 runs of 3, 4 and 5 December were missed.
      clock.set('2026-12-05T09:30:00Z');
      const [a, b] = [await instance({ clock, ownConnection: true }), await instance({ clock, ownConnection: true })];
      const received: Job[] = [];
      for (const r of [a, b]) {
        await r.declareQueue('daily-report');
        await r.schedule('daily-report', '0 7 * * *', { tz: 'Europe/London', data: { report: 'compliance' } });
      }
      await Promise.all([a.start(), b.start()]);
      const counts = await jobsIn(a, 'daily-report');
      expect(counts.queued + counts.active + counts.completed).toBe(1);

      await a.work('daily-report', async (job) => {
        received.push(job);
      });
      await waitFor('the caught-up occurrence to be handled', () => received.length === 1);
      expect(received[0].data).toEqual({ report: 'compliance', occurrence: '2026-12-05T07:00:00.000Z' });
      for (const r of [a, b]) await r.runDueSchedules();
      expect(await a.list('daily-report', 'completed')).toEqual([expect.objectContaining({ singletonKey: 'daily-report@2026-12-05T07:00:00.000Z' })]);
      expect(await a.list('daily-report', 'queued')).toEqual([]);
    });
  });

  describe('the admin view', () => {
    it('counts jobs per state and lists them with attempts and last error, never their payloads', async () => {
      const runner = await instance();
      await runner.declareQueue('views', { retryLimit: 1, retryDelaySeconds: 3600, retryBackoff: false });
      await runner.declareQueue('views-once', { retryLimit: 0 });
      const release = gate();
      const marker = 'PAYLOAD-MUST-NOT-SHOW';
      const behaviour = async (job: Job<JobData>) => {
        if (job.data.then === 'fail') throw new Error(`refused ${String(job.data.ods)}`);
        if (job.data.then === 'block') await release.opened;
      };
      await runner.work('views', behaviour, { concurrency: 3 });
      await runner.work('views-once', behaviour);
      await runner.send('views', { ods: 'V1', then: 'complete', marker });
      await runner.send('views', { ods: 'V2', then: 'fail', marker });
      await runner.send('views', { ods: 'V3', then: 'block', marker });
      await runner.send('views', { ods: 'V4', marker }, { startAfter: 3600 });
      await runner.send('views', { ods: 'V5', marker }, { startAfter: new Date(Date.now() + 3_600_000) });
      const dead = await runner.send('views-once', { ods: 'V6', then: 'fail', marker });
      await runner.start();

      const expected = { queue: 'views', queued: 2, active: 1, failed: 1, dead: 0, completed: 1 };
      await waitFor('every job to reach its state', async () => {
        const counts = await runner.overview();
        return JSON.stringify(counts.find((q) => q.queue === 'views')) === JSON.stringify(expected) && counts.find((q) => q.queue === 'views-once')?.dead === 1;
      });
      expect(await runner.overview()).toEqual([expected, { queue: 'views-once', queued: 0, active: 0, failed: 0, dead: 1, completed: 0 }]);

      const [deadJob] = await runner.list('views-once', 'dead');
      expect(deadJob).toEqual({
        id: dead,
        queue: 'views-once',
        state: 'dead',
        attempts: 1,
        maxAttempts: 1,
        singletonKey: null,
        createdAt: expect.any(Date),
        startedAt: expect.any(Date),
        finishedAt: expect.any(Date),
        runAfter: expect.any(Date),
        lastError: 'refused V6',
      });
      const [retrying] = await runner.list('views', 'failed');
      expect(retrying).toMatchObject({ state: 'failed', attempts: 1, maxAttempts: 2, lastError: 'refused V2' });
      expect(retrying.runAfter.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
      const queued = await runner.list('views', 'queued');
      expect(queued.map((j) => j.attempts)).toEqual([0, 0]);
      expect(queued.every((j) => j.runAfter.getTime() > Date.now() + 3_000_000)).toBe(true);
      expect(await runner.list('views', 'queued', 1)).toHaveLength(1);

      const everything = await Promise.all(
        (['queued', 'active', 'failed', 'dead', 'completed'] as const).flatMap((s) => [runner.list('views', s), runner.list('views-once', s)]),
      );
      expect(everything.flat()).toHaveLength(6);
      expect(JSON.stringify(everything)).not.toContain(marker);
      expect(JSON.stringify(everything)).not.toContain('V3');
      await expect(runner.list('nowhere', 'queued')).rejects.toMatchObject({ code: 'JOBS.UNKNOWN_QUEUE' });
      release.open();
    });
  });

  describe('stopping', () => {
    it('gracefully waits for a running handler, and otherwise gives the job up to be retried', async () => {
      const observer = await instance({ ownConnection: true });
      await observer.declareQueue('stopping', { retryLimit: 3, retryDelaySeconds: 3600, retryBackoff: false });
      const graceful = await instance({ ownConnection: true });
      await graceful.declareQueue('stopping', { retryLimit: 3, retryDelaySeconds: 3600, retryBackoff: false });
      const started = gate();
      const release = gate();
      let finished = false;
      await graceful.work('stopping', async () => {
        started.open();
        await release.opened;
        finished = true;
      });
      await graceful.start();
      const id = await graceful.send('stopping', { ods: 'S1' });
      await started.opened;
      let stopped = false;
      const stopping = graceful.stop({ graceful: true }).then(() => (stopped = true));
      // A database round trip later the handler is still running, so stop() must still be waiting.
      await observer.overview();
      expect(stopped).toBe(false);
      release.open();
      await stopping;
      expect(finished).toBe(true);
      expect((await observer.list('stopping', 'completed')).map((j) => j.id)).toEqual([id]);

      const abrupt = await instance({ ownConnection: true });
      await abrupt.declareQueue('stopping', { retryLimit: 3, retryDelaySeconds: 3600, retryBackoff: false });
      const hung = gate();
      let signal: AbortSignal | undefined;
      await abrupt.work('stopping', async (job) => {
        signal = job.signal;
        hung.open();
        await new Promise(() => undefined);
      });
      await abrupt.start();
      const abandoned = await abrupt.send('stopping', { ods: 'S2' });
      await hung.opened;
      await abrupt.stop({ graceful: false });
      expect(signal?.aborted).toBe(true);
      expect(await observer.list('stopping', 'failed')).toEqual([expect.objectContaining({ id: abandoned, attempts: 1 })]);
    });
  });

  describe('in the application', () => {
    it('is started on bootstrap when background jobs are on and stopped on shutdown; with them off it only sends', async () => {
      // A database of its own: on SQLite a second connection in this process would wait on the suite's synchronously.
      const appDb = await createTestDatabase(kind);
      const handled: string[] = [];
      try {
        const worker = await startTestApp(kind, { reuse: appDb });
        const jobs = worker.app.get<JobRunner>(JOB_RUNNER);
        expect(jobs.kind).toBe(kind === 'postgresql' ? 'pg-boss' : 'sqlite');
        await jobs.declareQueue('app-jobs');
        await jobs.work('app-jobs', async (job) => {
          handled.push(String(job.data.ods));
        });
        await jobs.send('app-jobs', { ods: 'P1' });
        await waitFor('the job to be handled in the application', () => handled.includes('P1'));
        await worker.close();

        const web = await startTestApp(kind, { reuse: appDb, backgroundJobs: false });
        const sender = web.app.get<JobRunner>(JOB_RUNNER);
        await sender.declareQueue('app-jobs');
        await sender.work('app-jobs', async (job) => {
          handled.push(String(job.data.ods));
        });
        await sender.send('app-jobs', { ods: 'P2' });
        expect((await sender.overview()).find((q) => q.queue === 'app-jobs')).toMatchObject({ queued: 1, completed: 1 });
        await web.close();
      } finally {
        await appDb.drop();
      }
      expect(handled).toEqual(['P1']);
    });
  });
});
