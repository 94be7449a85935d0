import { OnrampClient, expectStatus, organisationWithRun, type StepJson } from '../support/onramp-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKinds } from '../support/test-database';

describe.each(testDatabaseKinds())('concurrency, idempotency and the audit trail on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  const roots = (steps: StepJson[]) => steps.filter((s) => s.dependsOn.length === 0);
  /** Starting a step does not wait for its dependencies, so any steps will do for start races. */
  const someSteps = (steps: StepJson[], n: number) => {
    expect(steps.length).toBeGreaterThanOrEqual(n);
    return steps.slice(0, n);
  };

  describe('when a write is based on a stale version', () => {
    it('answers 412 to a stale If-Match and to a stale expectedVersion, and writes nothing', async () => {
      const { ods, lead, run } = await organisationWithRun(t);
      const [a, b] = someSteps(run.steps, 2);
      const first = await lead.step(ods, a.id, 'start', {}, { 'If-Match': `"${run.version}"` });
      expectStatus(first, 200);
      expect(first.headers.etag).toBe(`"${run.version + 1}"`);
      const stale = await lead.step(ods, b.id, 'start', {}, { 'If-Match': `"${run.version}"` });
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ code: 'ONBOARDING.VERSION_MISMATCH', expected: run.version, actual: run.version + 1 });
      const staleBody = await lead.step(ods, b.id, 'start', { expectedVersion: run.version });
      expect(staleBody.status).toBe(412);
      const now = await lead.run(ods);
      expect(now.version).toBe(run.version + 1);
      expect(now.steps.find((s) => s.id === b.id)!.status).toBe('not-started');
    });

    it('lets exactly one of two simultaneous writes with the same If-Match win; the other is refused, never lost', async () => {
      const { ods, lead, run } = await organisationWithRun(t);
      const [a, b] = someSteps(run.steps, 2);
      const results = await Promise.all([a, b].map((s) => lead.step(ods, s.id, 'start', {}, { 'If-Match': `"${run.version}"` })));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses[0]).toBe(200);
      expect([409, 412]).toContain(statuses[1]);
      const after = await lead.run(ods);
      expect(after.version).toBe(run.version + 1);
      expect([a, b].filter((s) => after.steps.find((x) => x.id === s.id)!.status === 'in-progress')).toHaveLength(1);
    });

    it('applies simultaneous writes without If-Match one after the other, losing none', async () => {
      const { ods, lead, run } = await organisationWithRun(t);
      const targets = someSteps(run.steps, 4);
      const results = await Promise.all(targets.map((s) => lead.step(ods, s.id, 'start')));
      for (const r of results) expectStatus(r, 200);
      const after = await lead.run(ods);
      expect(after.version).toBe(run.version + targets.length);
      for (const s of targets) expect(after.steps.find((x) => x.id === s.id)!.status).toBe('in-progress');
    });
  });

  describe('when a POST is retried with the same Idempotency-Key', () => {
    it('returns the first result and changes nothing more', async () => {
      const { ods, lead, run } = await organisationWithRun(t);
      const step = roots(run.steps).find((s) => s.signOffRole === null)!;
      const headers = { 'Idempotency-Key': `complete-${step.id}-attempt` };
      const first = await lead.step(ods, step.id, 'complete', OnrampClient.evidenceFor(step), headers);
      expectStatus(first, 200);
      const auditBefore = (await lead.get(`/api/v1/organisations/${ods}/audit?limit=500`)).body.items.length;
      const retry = await lead.step(ods, step.id, 'complete', OnrampClient.evidenceFor(step), headers);
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.headers.etag).toBe(first.headers.etag);
      expect((await lead.get(`/api/v1/organisations/${ods}/audit?limit=500`)).body.items.length).toBe(auditBefore);
      // Without the key, the same request is a new command and the domain refuses it.
      expect((await lead.step(ods, step.id, 'complete', OnrampClient.evidenceFor(step))).status).toBe(409);
    });

    it('replays a created organisation, and refuses the key for a different request', async () => {
      const admin = new OnrampClient(t, t.adminToken);
      const body = { odsCode: 'IDEM1', name: 'Idempotent Trust', type: 'acute' };
      const first = await admin.post('/api/v1/organisations', body, { 'Idempotency-Key': 'register-idem1' });
      expectStatus(first, 201);
      const retry = await admin.post('/api/v1/organisations', body, { 'Idempotency-Key': 'register-idem1' });
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      const reused = await admin.post('/api/v1/organisations', { ...body, odsCode: 'IDEM2' }, { 'Idempotency-Key': 'register-idem1' });
      expect(reused.status).toBe(422);
      expect(reused.body.code).toBe('REQUEST.IDEMPOTENCY_KEY_REUSED');
      const list = await admin.get('/api/v1/organisations');
      expect(list.body.items.map((o: { odsCode: string }) => o.odsCode)).not.toContain('IDEM2');
    });

    it('refuses to replay a created token, naming it and saying why, and stores its secret nowhere', async () => {
      const admin = new OnrampClient(t, t.adminToken);
      const body = { role: 'national-team', label: 'Idempotent national token' };
      const first = await admin.post('/api/v1/tokens', body, { 'Idempotency-Key': 'token-once' });
      expectStatus(first, 201);
      const secret = first.body.token as string;
      expect(secret).toMatch(/^onr_/);
      const retry = await admin.post('/api/v1/tokens', body, { 'Idempotency-Key': 'token-once' });
      // Shown once: the retry names the token that was created (to revoke it if the first answer was lost), never the secret.
      expect(retry.status).toBe(409);
      const { token: _shownOnce, ...rest } = first.body;
      expect(retry.body).toMatchObject({ code: 'REQUEST.IDEMPOTENT_REPLAY_WITHHELD', firstResult: rest });
      expect(JSON.stringify(retry.body)).not.toContain(secret);
      const stored = (await t.db.sql('select body from idempotency_keys')) as { body: string }[];
      expect(stored.filter((r) => r.body.includes(secret))).toEqual([]);
      expect(stored.some((r) => r.body.includes(first.body.id))).toBe(true);
    });

    it('keeps keys per caller: another token using the same key runs its own command', async () => {
      const admin = new OnrampClient(t, t.adminToken);
      const { ods, lead } = await organisationWithRun(t);
      const other = admin.as(await admin.createToken(ods, 'implementation-lead'));
      const a = await lead.addPerson(ods, 'booking-clerk', 'Clerk A');
      const first = await lead.post(
        `/api/v1/organisations/${ods}/people`,
        { name: 'Clerk B', email: 'b@example.nhs.uk', role: 'booking-clerk' },
        { 'Idempotency-Key': 'shared-key' },
      );
      const second = await other.post(
        `/api/v1/organisations/${ods}/people`,
        { name: 'Clerk B', email: 'b@example.nhs.uk', role: 'booking-clerk' },
        { 'Idempotency-Key': 'shared-key' },
      );
      expectStatus(first, 201);
      expect(second.status).toBe(409);
      expect(second.body.code).toBe('PERSON.ALREADY_HOLDS_ROLE');
      expect(a).toBeTruthy();
    });
  });

  // Tampering with the trail, by an insider who can write the database: audit-insider.e2e-spec.ts.

  it('records actor, time and correlation id on every event', async () => {
    const { ods, lead, run } = await organisationWithRun(t);
    const step = roots(run.steps)[0];
    const res = await lead.step(ods, step.id, 'start', {}, { 'X-Correlation-Id': 'ticket-4711' });
    expect(res.headers['x-correlation-id']).toBe('ticket-4711');
    const last = (await lead.get(`/api/v1/organisations/${ods}/audit?limit=500`)).body.items.at(-1);
    expect(last).toMatchObject({ type: 'StepStarted', correlationId: 'ticket-4711', actor: { role: 'implementation-lead' }, payload: { stepId: step.id } });
    expect(Date.parse(last.occurredAt)).toBeGreaterThan(Date.now() - 60_000);
  });
});
