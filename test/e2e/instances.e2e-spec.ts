import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SmtpSink, waitFor } from '../support/smtp-sink';
import { startServer, type Started } from '../support/server-process';
import { testSigningKey } from '../support/test-app';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database';
import { deliveriesAtOnce } from '../../apps/onramp/src/notifications/mail/mail-worker';
import { loadConfig } from '../../apps/onramp/src/shared/config/app-config';

const NATIONAL = ['national.one@example.nhs.uk', 'national.two@example.nhs.uk'];

/**
 * Three instances of Onramp behind one PostgreSQL database, as production runs them. One is killed
 * (kill -9) while it is sending mail: every delivery job still completes once, its mail reaches the
 * SMTP server, and the scheduled compliance report, which every instance has on its schedule, is
 * sent once.
 */
describe.each(testDatabaseKinds().filter((k) => k === 'postgresql'))('three instances on one %s database', () => {
  let db: TestDatabase;
  let sink: SmtpSink;
  let env: Record<string, string>;
  const instances: Started[] = [];
  const admin = `onr_admin_${'a'.repeat(40)}`;

  beforeAll(async () => {
    db = await createTestDatabase('postgresql');
    sink = await new SmtpSink().start();
    sink.delayMs = 400;
    const shared = mkdtempSync(join(tmpdir(), 'onramp-instances-'));
    env = {
      DATABASE_URL: (db.url as { url: string }).url,
      ONRAMP_ADMIN_TOKEN: admin,
      ONRAMP_DATA_DIR: shared,
      ONRAMP_AUDIT_SIGNING_KEY_FILE: testSigningKey(shared),
      SMTP_URL: sink.url,
      ONRAMP_NATIONAL_RECIPIENTS: NATIONAL.join(','),
      // Every minute: the test waits for the next occurrence, which all three instances have on their schedule.
      ONRAMP_COMPLIANCE_REPORT_CRON: '* * * * *',
      ONRAMP_MAIL_RETRY_BASE_MS: '1000',
    };
    // The first instance migrates; the others start on the migrated schema.
    instances.push(await startServer(['--migrate'], env));
    instances.push(await startServer([], env), await startServer([], env));
  }, 180_000);

  afterAll(async () => {
    for (const i of instances) i.child.kill('SIGKILL');
    await sink?.stop();
    await db?.drop();
  });

  const api = (i: Started, path: string, body?: object) =>
    fetch(`http://127.0.0.1:${i.port}/api/v1${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
  const rows = async (sql: string) => (await db.sql(sql)) as Record<string, unknown>[];

  it('runs every job once, through a killed instance, and sends the scheduled report once', async () => {
    expect((await api(instances[0], '/organisations', { odsCode: 'INST1', name: 'Three Instance Trust', type: 'acute' })).status).toBe(201);
    // 24 people, so 24 welcome emails, added through all three instances.
    for (let i = 0; i < 24; i++) {
      const res = await api(instances[i % 3], '/organisations/INST1/people', {
        name: `Person ${i}`,
        email: `person.${i}@example.nhs.uk`,
        role: 'booking-clerk',
      });
      expect(res.status).toBe(201);
    }
    // Kill an instance while the SMTP server is accepting mail from it.
    await waitFor('mail in flight', () => sink.inFlight > 0 || sink.messages.length > 0, 60_000);
    instances[1].child.kill('SIGKILL');

    const outbox = await waitFor(
      'every welcome email sent',
      async () => {
        const sent = await rows(`select id, message_id, status from outbox_messages where purpose = 'role-welcome'`);
        return sent.length === 24 && sent.every((m) => m.status === 'sent') ? sent : undefined;
      },
      120_000,
    );
    const received = new Set(sink.messages.map((m) => m.parsed.messageId));
    for (const m of outbox) expect(received).toContain(m.message_id);
    // Each message is recorded as sent once, however often a crash made its job run. (Only the welcomes: the
    // minute's compliance report may already be sent too.)
    const sentEvents = await rows(
      `select outbox_id, count(*) as n from mail_events where type = 'MailSent' and outbox_id in (select id from outbox_messages where purpose = 'role-welcome') group by outbox_id`,
    );
    expect(sentEvents).toHaveLength(24);
    for (const e of sentEvents) expect(Number(e.n)).toBe(1);
    // Only a message the killed instance was delivering can reach the server twice, with the same Message-ID:
    // at most as many as it delivers at once (accepted by the server, its outcome not yet written).
    const inFlightAtMost = deliveriesAtOnce(loadConfig(env));
    expect(sink.messages.filter((m) => m.parsed.headers.get('x-onramp-purpose') === 'role-welcome').length).toBeLessThanOrEqual(24 + inFlightAtMost);

    // The next minute's compliance report: three instances, one report to each recipient.
    const reports = () => sink.messages.filter((m) => m.parsed.headers.get('x-onramp-purpose') === 'compliance-report');
    await waitFor('the scheduled compliance report', () => NATIONAL.every((a) => reports().some((m) => m.envelopeTo.includes(a))), 120_000);
    for (const address of NATIONAL) {
      const ids = reports()
        .filter((m) => m.envelopeTo.includes(address))
        .map((m) => m.parsed.messageId);
      expect(ids.length).toBe(new Set(ids).size);
    }
    const completed = (await (await api(instances[0], '/jobs/compliance-report?state=completed&limit=500')).json()) as { items: { singletonKey: string }[] };
    const keys = completed.items.map((j) => j.singletonKey);
    expect(keys.length).toBeGreaterThanOrEqual(1);
    expect(keys.length).toBe(new Set(keys).size);
  }, 300_000);
});
