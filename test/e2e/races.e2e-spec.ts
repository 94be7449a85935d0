import { IdempotencyPurge } from '../../apps/onramp/src/platform/idempotency/idempotency-purge';
import { OnrampClient, expectStatus, organisationWithRun } from '../support/onramp-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKinds } from '../support/test-database';

/**
 * Concurrent requests that once ran twice or collided: identical idempotent requests, token
 * issues racing commands on one organisation's audit chain, and the stored replay of a secret.
 */
describe.each(testDatabaseKinds())('races on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  const p = (n: number) => (kind === 'sqlite' ? '?' : `$${n}`);
  const count = async (table: string, where = '1 = 1', params: unknown[] = []) =>
    Number(((await t.db.sql(`select count(*) as n from ${table} where ${where}`, params)) as { n: number | string }[])[0].n);

  describe('when 30 identical POST /tokens share one Idempotency-Key', () => {
    it('creates one token, never stores its secret, and tells every retry why it is not replayed', async () => {
      const admin = new OnrampClient(t, t.adminToken);
      const ods = await admin.registerOrganisation();
      const body = { organisation: ods, role: 'viewer', label: 'integration for the data warehouse' };
      const before = await count('api_tokens');

      const results = await Promise.all(Array.from({ length: 30 }, () => admin.post('/api/v1/tokens', body, { 'Idempotency-Key': 'same-key-for-all' })));

      expect(await count('api_tokens')).toBe(before + 1);
      const created = results.filter((r) => r.status === 201);
      expect(created).toHaveLength(1);
      const secret = created[0].body.token as string;
      expect(secret).toMatch(/^onr_/);
      for (const r of results.filter((x) => x.status !== 201)) {
        expect(r.status).toBe(409);
        expect(r.body).toMatchObject({ code: 'REQUEST.IDEMPOTENT_REPLAY_WITHHELD', firstResult: { id: created[0].body.id, role: 'viewer' } });
        expect(r.body.detail).toMatch(/shown only once/);
        expect(JSON.stringify(r.body)).not.toContain(secret);
      }
      const stored = (await t.db.sql(`select body from idempotency_keys where ${kind === 'sqlite' ? 'key' : '"key"'} = ${p(1)}`, ['same-key-for-all'])) as {
        body: string;
      }[];
      expect(stored).toHaveLength(1);
      expect(stored[0].body).not.toContain(secret);
      // The stored record cannot be used to sign in: the secret is simply not there.
      expect(stored[0].body).not.toMatch(/onr_/);
    });
  });

  describe('when the same Idempotency-Key is sent 30 times at once to a command', () => {
    it.each([
      ['start a step', 'start'],
      ['complete a step', 'complete'],
    ])('runs "%s" once and replays the result to the others', async (_label, action) => {
      const { ods, lead, run } = await organisationWithRun(t);
      const step = run.steps.find((s) => s.dependsOn.length === 0 && !s.signOffRole)!;
      const body = action === 'complete' ? OnrampClient.evidenceFor(step) : {};
      const events = await count('audit_events', `organisation = ${p(1)}`, [ods]);

      const results = await Promise.all(Array.from({ length: 30 }, () => lead.step(ods, step.id, action, body, { 'Idempotency-Key': `k-${action}` })));

      expect(results.map((r) => r.status)).toEqual(Array(30).fill(200));
      expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(29);
      for (const r of results) expect(r.body).toEqual(results[0].body);
      expect(await count('audit_events', `organisation = ${p(1)}`, [ods])).toBe(events + 1);
    });

    it('adds a person once', async () => {
      const { ods, lead } = await organisationWithRun(t);
      const body = { name: 'Morgan Lee', email: 'morgan.lee@example.nhs.uk', role: 'booking-clerk' };

      const results = await Promise.all(
        Array.from({ length: 30 }, () => lead.post(`/api/v1/organisations/${ods}/people`, body, { 'Idempotency-Key': 'add-morgan' })),
      );

      expect(results.map((r) => r.status)).toEqual(Array(30).fill(201));
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      expect(await count('people', `organisation = ${p(1)}`, [ods])).toBe(1);
      expect(await count('outbox_messages', `organisation = ${p(1)} and purpose = 'role-welcome'`, [ods])).toBe(1);
    });
  });

  describe('when a request was carried out but its response was never stored (the server stopped in between)', () => {
    it('does not run the command again: the retry is told it happened', async () => {
      const { ods, lead, run } = await organisationWithRun(t);
      const step = run.steps[0];
      const first = await lead.step(ods, step.id, 'start', {}, { 'Idempotency-Key': 'lost-response' });
      expectStatus(first, 200);
      // What a crash after the commit and before the response was stored leaves behind.
      const long = kind === 'sqlite' ? Date.now() - 120_000 : new Date(Date.now() - 120_000);
      await t.db.sql(
        `update idempotency_keys set state = 'reserved', status = null, body = null, created_at = ${p(1)} where ${kind === 'sqlite' ? 'key' : '"key"'} = 'lost-response'`,
        [long],
      );
      const events = await count('audit_events', `organisation = ${p(1)}`, [ods]);

      const retry = await lead.step(ods, step.id, 'start', {}, { 'Idempotency-Key': 'lost-response' });

      expect(retry.status).toBe(409);
      expect(retry.body).toMatchObject({ code: 'REQUEST.IDEMPOTENT_RESULT_UNAVAILABLE' });
      expect(await count('audit_events', `organisation = ${p(1)}`, [ods])).toBe(events);
    });
  });

  describe('when an Idempotency-Key has expired', () => {
    it('is purged by the hourly job, and the key then runs a fresh request', async () => {
      const admin = new OnrampClient(t, t.adminToken);
      const first = await admin.post('/api/v1/organisations', { odsCode: 'EXP1', name: 'Expiring Trust', type: 'acute' }, { 'Idempotency-Key': 'expiring' });
      expectStatus(first, 201);
      const past = kind === 'sqlite' ? Date.now() - 1000 : new Date(Date.now() - 1000);
      await t.db.sql(`update idempotency_keys set expires_at = ${p(1)} where ${kind === 'sqlite' ? 'key' : '"key"'} = 'expiring'`, [past]);

      expect(await t.app.get(IdempotencyPurge).purge()).toBeGreaterThanOrEqual(1);

      expect(await count('idempotency_keys', `${kind === 'sqlite' ? 'key' : '"key"'} = 'expiring'`)).toBe(0);
      const again = await admin.post('/api/v1/organisations', { odsCode: 'EXP1', name: 'Expiring Trust', type: 'acute' }, { 'Idempotency-Key': 'expiring' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('ORGANISATION.ALREADY_REGISTERED');
    });
  });

  describe('when tokens are issued and revoked while commands write to the same organisation', () => {
    it('queues every writer of the audit chain: 60 concurrent issues all succeed and the chain stays whole', async () => {
      const { ods, admin, lead, run } = await organisationWithRun(t);
      const starts = run.steps.slice(0, 10).map((s) => lead.step(ods, s.id, 'start'));
      const issues = Array.from({ length: 60 }, (_, i) => admin.post('/api/v1/tokens', { organisation: ods, role: 'viewer', label: `viewer ${i}` }));

      const results = await Promise.all([...issues, ...starts]);

      expect(results.map((r) => r.status).sort()).toEqual([...Array(60).fill(201), ...Array(10).fill(200)].sort());
      const revokes = await Promise.all(results.slice(0, 20).map((r) => admin.post(`/api/v1/tokens/${r.body.id}/revoke`)));
      expect(revokes.map((r) => r.status)).toEqual(Array(20).fill(200));
      const verify = await lead.get(`/api/v1/organisations/${ods}/audit/verify`);
      expect(verify.body).toMatchObject({ valid: true, unexplained: [] });
      const seqs = ((await t.db.sql(`select seq from audit_events where organisation = ${p(1)} order by seq`, [ods])) as { seq: number }[]).map((r) =>
        Number(r.seq),
      );
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    });
  });
});
