import { ProjectionRebuild } from '../../apps/onramp/src/audit';
import { ReadinessRefresh } from '../../apps/onramp/src/readiness';
import { OnrampClient, expectStatus, inDays, organisationWithRun, type StepJson } from '../support/onramp-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKinds } from '../support/test-database';

/** A clock the test moves: readiness depends on the day it is read. */
class MovableClock {
  private offsetMs = 0;
  now = () => new Date(Date.now() + this.offsetMs);
  advanceDays(days: number) {
    this.offsetMs += days * 86_400_000;
  }
}

describe.each(testDatabaseKinds())('read models on %s', (kind) => {
  let t: TestApp;
  const clock = new MovableClock();
  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
  });
  afterAll(async () => t?.close());

  const p = (n: number) => (kind === 'sqlite' ? '?' : `$${n}`);
  /** The read-model rows of one organisation; the instant a readiness was computed at is left out (a rebuild is later). */
  const rows = async (ods: string) => ({
    steps: await t.db.sql(`select * from onboarding_steps where organisation = ${p(1)} order by position`, [ods]),
    summary: ((await t.db.sql(`select * from readiness_summaries where organisation = ${p(1)}`, [ods])) as Record<string, unknown>[]).map((r) => {
      const readiness = (typeof r.readiness === 'string' ? JSON.parse(r.readiness) : r.readiness) as Record<string, unknown>;
      delete readiness.asOf;
      return { ...r, readiness };
    }),
  });

  /** A run that has seen every kind of event. */
  async function busyRun() {
    const o = await organisationWithRun(t);
    const person = await o.lead.addPerson(o.ods, 'it-lead', 'Robin IT');
    // The first is a root step (nothing to wait for); the second is waived, which needs no dependency settled.
    const plain = [o.run.steps.find((s: StepJson) => s.dependsOn.length === 0 && !s.signOffRole)!];
    plain.push(o.run.steps.find((s: StepJson) => s !== plain[0] && !s.signOffRole)!);
    expectStatus(await o.lead.step(o.ods, plain[0].id, 'assign', { personId: person }), 200);
    expectStatus(await o.lead.step(o.ods, plain[0].id, 'start'), 200);
    expectStatus(await o.lead.step(o.ods, plain[0].id, 'complete', OnrampClient.evidenceFor(plain[0])), 200);
    // The clinical lead may waive a go-live gate step too.
    expectStatus(await o.clinical.step(o.ods, plain[1].id, 'waive', { reason: 'Not offered by this trust at all' }), 200);
    expectStatus(await o.clinical.step(o.ods, plain[1].id, 'reopen', { reason: 'It turns out we do offer it' }), 200);
    expectStatus(await o.lead.post(`/api/v1/organisations/${o.ods}/onboarding/go-live-date`, { goLiveDate: inDays(230), reason: 'Board moved go-live' }), 200);
    return o;
  }

  it('keeps one step row per step and a readiness summary, written in each command’s transaction', async () => {
    const o = await busyRun();
    const { steps, summary } = await rows(o.ods);
    const run = await o.lead.run(o.ods);
    expect(steps).toHaveLength(run.steps.length);
    expect(summary).toHaveLength(1);
    const readiness = (await o.lead.get(`/api/v1/organisations/${o.ods}/readiness`)).body;
    expect(readiness.version).toBe(run.version);
    expect((steps as { status: string; step_id: string }[]).map((s) => [s.step_id, s.status])).toEqual(run.steps.map((s) => [s.id, s.status]));
  });

  it('rebuilds from the audit trail exactly what the subscribers wrote', async () => {
    const o = await busyRun();
    const live = await rows(o.ods);
    await t.db.sql(`delete from onboarding_steps where organisation = ${p(1)}`, [o.ods]);
    await t.db.sql(`delete from readiness_summaries where organisation = ${p(1)}`, [o.ods]);

    expect(await t.app.get(ProjectionRebuild).rebuild(o.ods)).toBe(true);

    expect(await rows(o.ods)).toEqual(live);
  });

  it('rebuilds runs that have no read models at start-up, and rebuilds every organisation on demand', async () => {
    const o = await busyRun();
    const live = await rows(o.ods);
    await t.db.sql(`delete from readiness_summaries where organisation = ${p(1)}`, [o.ods]);
    expect(await t.app.get(ProjectionRebuild).rebuildMissing()).toContain(o.ods);
    expect(await rows(o.ods)).toEqual(live);
    expect(await t.app.get(ProjectionRebuild).rebuildAll()).toBeGreaterThanOrEqual(1);
    expect(await rows(o.ods)).toEqual(live);
  });

  it('never shows yesterday’s readiness: a stale summary is recomputed for today when read, and the daily job refreshes it', async () => {
    const o = await organisationWithRun(t);
    const first = o.run.steps.find((s) => s.dependsOn.length === 0)!;
    const before = (await o.lead.get(`/api/v1/organisations/${o.ods}/readiness`)).body;
    expect(before.counts.overdue).toBe(0);

    // Past the first step's due date: it is overdue today, though nothing was written since.
    const daysToDue = Math.round((Date.parse(first.dueDate) - clock.now().getTime()) / 86_400_000);
    clock.advanceDays(daysToDue + 2);
    try {
      const today = (await o.lead.get(`/api/v1/organisations/${o.ods}/readiness`)).body;
      expect(today.counts.overdue).toBeGreaterThanOrEqual(1);
      expect(today.rag.status).not.toBe('green');

      const refresh = t.app.get(ReadinessRefresh);
      const day = clock.now().toISOString().slice(0, 10);
      expect(await refresh.stale(day)).toContain(o.ods);
      await refresh.refresh(o.ods);
      expect(await refresh.stale(day)).not.toContain(o.ods);
      const [summary] = (await t.db.sql(`select as_of, overdue from readiness_summaries where organisation = ${p(1)}`, [o.ods])) as {
        as_of: string;
        overdue: number;
      }[];
      expect({ asOf: summary.as_of, overdue: Number(summary.overdue) }).toEqual({ asOf: day, overdue: today.counts.overdue });
    } finally {
      clock.advanceDays(-(daysToDue + 2));
    }
  });

  it('shows administrators the job queues and schedules, and nobody else', async () => {
    const admin = new OnrampClient(t, t.adminToken);
    const overview = await admin.get('/api/v1/jobs');
    expectStatus(overview, 200);
    expect(overview.body.queues.map((q: { queue: string }) => q.queue)).toEqual(
      expect.arrayContaining(['mail-delivery', 'reminder-scan-organisation', 'readiness-refresh']),
    );
    expect(overview.body.schedules.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining(['reminder-scan', 'weekly-digest', 'compliance-report', 'readiness-refresh', 'audit-checkpoint']),
    );
    const failed = await admin.get('/api/v1/jobs/mail-delivery?state=dead');
    expectStatus(failed, 200);
    expect(Array.isArray(failed.body.items)).toBe(true);
    expect((await admin.get('/api/v1/jobs/no-such-queue')).status).toBe(404);
    const { lead } = await organisationWithRun(t);
    expect((await lead.get('/api/v1/jobs')).status).toBe(403);
  });
});
