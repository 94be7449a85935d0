import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { OnrampClient, expectProblem, expectStatus, inDays, newOdsCode, observableState, organisationWithRun, type StepJson } from '../support/onramp-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKinds } from '../support/test-database';

/**
 * Who may do what, and who may know what exists. Organisation B must be invisible to a token of
 * organisation A: every answer about B is byte-for-byte the answer about a code nobody registered.
 */

const FIRST_STEP = 'core.appoint-implementation-lead';
const ORGANISATION_ROLES = ['implementation-lead', 'clinical-lead', 'contributor', 'viewer'] as const;
type OrganisationRole = (typeof ORGANISATION_ROLES)[number];

interface Tenant {
  ods: string;
  run: { steps: StepJson[] };
  personId: string;
  tokens: Record<OrganisationRole, OnrampClient>;
}

const org = (ods: string) => `/api/v1/organisations/${ods}`;
const email = (who: string) => `${who}.${randomBytes(3).toString('hex')}@example.nhs.uk`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Everything that reads one organisation. */
const READS: [name: string, suffix: string][] = [
  ['GET organisation', ''],
  ['GET people', '/people'],
  ['GET onboarding', '/onboarding'],
  ['GET readiness', '/readiness'],
  ['GET audit', '/audit'],
  ['GET audit/verify', '/audit/verify'],
];

/** Everything that writes to one organisation, with a body that would succeed against `target` if allowed. */
const WRITES: [name: string, suffix: string, body: (target: Tenant) => object][] = [
  ['POST people', '/people', () => ({ name: 'Sam Okafor', email: email('sam.okafor'), role: 'clinician' })],
  ['POST onboarding', '/onboarding', () => ({ goLiveDate: inDays(250) })],
  ['POST go-live-date', '/onboarding/go-live-date', () => ({ goLiveDate: inDays(260), reason: 'Board moved the date' })],
  ['POST step assign', `/onboarding/steps/${FIRST_STEP}/assign`, (target) => ({ personId: target.personId })],
  ['POST step start', `/onboarding/steps/${FIRST_STEP}/start`, () => ({})],
  ['POST step complete', `/onboarding/steps/${FIRST_STEP}/complete`, (target) => OnrampClient.evidenceFor(target.run.steps.find((s) => s.id === FIRST_STEP)!)],
  ['POST step sign-off', `/onboarding/steps/${FIRST_STEP}/sign-off`, () => ({ note: 'reviewed' })],
  ['POST step waive', `/onboarding/steps/${FIRST_STEP}/waive`, () => ({ reason: 'Covered by the shared-care agreement' })],
  ['POST step reopen', `/onboarding/steps/${FIRST_STEP}/reopen`, () => ({ reason: 'Appointment letter was for the wrong post' })],
];

/** A problem with what necessarily differs (the code asked about, however spelt, and the correlation id) taken out. */
function anonymised(res: Response, ods: string) {
  const { correlationId: _correlationId, ...body } = (res.body ?? {}) as Record<string, unknown>;
  return {
    status: res.status,
    contentType: res.headers['content-type'],
    wwwAuthenticate: res.headers['www-authenticate'],
    etag: res.headers.etag,
    body: JSON.parse(JSON.stringify(body).replace(new RegExp(ods, 'gi'), '{ods}')) as unknown,
  };
}

describe.each(testDatabaseKinds())('tenancy and authorisation on %s', (kind) => {
  let t: TestApp;
  let admin: OnrampClient;
  let a: Tenant;
  let b: Tenant;
  let national: OnrampClient;
  /** A valid ODS code nobody registered. */
  let ghost: string;

  async function tenant(): Promise<Tenant> {
    const { admin, ods, lead, clinical, run } = await organisationWithRun(t);
    const personId = await lead.addPerson(ods, 'implementation-lead');
    const contributor = admin.as(await admin.createToken(ods, 'contributor'));
    const viewer = admin.as(await admin.createToken(ods, 'viewer'));
    return { ods, run, personId, tokens: { 'implementation-lead': lead, 'clinical-lead': clinical, contributor, viewer } };
  }

  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = new OnrampClient(t, t.adminToken);
    a = await tenant();
    b = await tenant();
    national = admin.as(await admin.createToken(null, 'national-team'));
    ghost = newOdsCode('G');
  });
  afterAll(async () => t?.close());

  const state = () => observableState(t, [a.ods, b.ods]);

  /** Sends, checks, and checks that nothing observable changed. */
  async function unchangedBy(send: () => PromiseLike<Response>, check: (res: Response) => void) {
    const before = await state();
    const res = await send();
    check(res);
    expect(await state()).toEqual(before);
    return res;
  }

  describe('without credentials', () => {
    /** Every endpoint but health; `{ods}` stands for organisation A. */
    // Every row has three cells: Jest would take a missing third argument for a `done` callback.
    const noBody = () => ({});
    const ENDPOINTS: [method: 'GET' | 'POST', path: string, body: () => object][] = [
      ['GET', '/api/v1/organisations', noBody],
      ['POST', '/api/v1/organisations', () => ({ odsCode: newOdsCode('X'), name: 'Anonymous Trust', type: 'acute' })],
      ['GET', '/api/v1/catalogue', noBody],
      ['POST', '/api/v1/tokens', () => ({ organisation: a.ods, role: 'implementation-lead', label: 'stolen' })],
      ...READS.map(([, suffix]): ['GET', string, () => object] => ['GET', `/api/v1/organisations/{ods}${suffix}`, noBody]),
      ...WRITES.map(([, suffix, body]): ['POST', string, () => object] => ['POST', `/api/v1/organisations/{ods}${suffix}`, () => body(a)]),
    ];

    it.each(ENDPOINTS)('%s %s answers 401 with WWW-Authenticate and writes nothing', async (method, template, body) => {
      const path = template.replace('{ods}', a.ods);
      await unchangedBy(
        () => (method === 'GET' ? t.http().get(path) : t.http().post(path).send(body())),
        (res) => {
          expectProblem(res, { status: 401, code: 'AUTH.MISSING_TOKEN' });
          expect(res.headers['www-authenticate']).toBe('Bearer realm="onramp"');
        },
      );
    });

    it.each([
      ['a Basic credential', () => 'Basic YWRtaW46YWRtaW4=', 'AUTH.MISSING_TOKEN'],
      ['the scheme with no token', () => 'Bearer', 'AUTH.MISSING_TOKEN'],
      ['a token with a space in it', () => 'Bearer onr_abc def_ghijklmnopqrst', 'AUTH.MISSING_TOKEN'],
      ['a well-formed token nobody issued', () => `Bearer onr_${randomBytes(32).toString('base64url')}`, 'AUTH.INVALID_TOKEN'],
      ['a token too short to be one', () => 'Bearer abc', 'AUTH.INVALID_TOKEN'],
      ['a token of 300 characters', () => `Bearer ${'a'.repeat(300)}`, 'AUTH.INVALID_TOKEN'],
      [
        'the admin token with its last character changed',
        () => `Bearer ${t.adminToken.slice(0, -1)}${t.adminToken.endsWith('0') ? '1' : '0'}`,
        'AUTH.INVALID_TOKEN',
      ],
      ['the stored sha256 of a real token', () => `Bearer ${sha256(a.tokens['implementation-lead'].token)}`, 'AUTH.INVALID_TOKEN'],
    ])('refuses %s with 401 and WWW-Authenticate, and writes nothing', async (_what, header, code) => {
      for (const send of [
        () => t.http().get(org(a.ods)).set('Authorization', header()),
        () =>
          t
            .http()
            .post(`${org(a.ods)}/people`)
            .set('Authorization', header())
            .send(WRITES[0][2](a)),
      ]) {
        await unchangedBy(send, (res) => {
          expectProblem(res, { status: 401, code });
          expect(res.headers['www-authenticate']).toBe('Bearer realm="onramp"');
        });
      }
    });

    it('does not take a token from the query string', async () => {
      const res = await t.http().get(`/api/v1/organisations?access_token=${t.adminToken}`);
      expectProblem(res, { status: 401, code: 'AUTH.MISSING_TOKEN' });
    });

    it('answers health without a token, and ignores a bad one there', async () => {
      for (const res of [await t.http().get('/api/v1/health'), await t.http().get('/api/v1/health').set('Authorization', 'Bearer not-a-real-token-at-all')]) {
        expectStatus(res, 200);
        expect(res.body).toMatchObject({ status: 'ok', database: 'ok', catalogueVersion: expect.any(String) });
        expect(res.headers['www-authenticate']).toBeUndefined();
      }
    });
  });

  describe('another organisation is indistinguishable from one never registered', () => {
    const calls: [name: string, send: (c: OnrampClient, ods: string) => PromiseLike<Response>][] = [
      ...READS.map(([name, suffix]): [string, (c: OnrampClient, ods: string) => PromiseLike<Response>] => [name, (c, ods) => c.get(`${org(ods)}${suffix}`)]),
      ...WRITES.map(([name, suffix, body]): [string, (c: OnrampClient, ods: string) => PromiseLike<Response>] => [
        name,
        (c, ods) => c.post(`${org(ods)}${suffix}`, body(b)),
      ]),
    ];

    describe.each(ORGANISATION_ROLES)("with A's %s token", (role) => {
      it.each(calls)('%s of B answers 404 exactly as for a code nobody registered, and changes nothing', async (_name, send) => {
        const caller = a.tokens[role];
        const toB = await unchangedBy(
          () => send(caller, b.ods),
          (res) => expectProblem(res, { status: 404, code: 'ORGANISATION.NOT_FOUND' }),
        );
        const toGhost = await send(caller, ghost);
        expect(anonymised(toB, b.ods)).toEqual(anonymised(toGhost, ghost));
      });
    });

    it.each([
      ['in lower case', (ods: string) => ods.toLowerCase()],
      ['padded with spaces', (ods: string) => `%20${ods}%20`],
    ])('finds no way round with the code of B written %s', async (_how, spell) => {
      const lead = a.tokens['implementation-lead'];
      const toB = await unchangedBy(
        () => lead.get(`${org(spell(b.ods))}/people`),
        (res) => expectProblem(res, { status: 404, code: 'ORGANISATION.NOT_FOUND' }),
      );
      expect(anonymised(toB, b.ods)).toEqual(anonymised(await lead.get(`${org(spell(ghost))}/people`), ghost));
      // The same spelling of A's own code works, so the 404 above is about B, not the spelling.
      expectStatus(await lead.get(`${org(spell(a.ods))}/people`), 200);
    });

    it.each([
      ['an invalid body', (c: OnrampClient, ods: string) => c.post(`${org(ods)}/people`, { name: '', email: 'nope', role: 'surgeon' })],
      ['a bad If-Match', (c: OnrampClient, ods: string) => c.post(`${org(ods)}/onboarding/steps/${FIRST_STEP}/start`, {}, { 'If-Match': 'garbage' })],
      [
        'a bad Idempotency-Key',
        (c: OnrampClient, ods: string) => c.post(`${org(ods)}/onboarding/steps/${FIRST_STEP}/start`, {}, { 'Idempotency-Key': 'has space' }),
      ],
      ['an unknown step', (c: OnrampClient, ods: string) => c.post(`${org(ods)}/onboarding/steps/core.no-such-step/start`, {})],
    ])('answers a request about B with %s 404, as for a code nobody registered (not a 400 that confirms B)', async (_what, send) => {
      const lead = a.tokens['implementation-lead'];
      const toB = await unchangedBy(
        () => send(lead, b.ods),
        (res) => expectProblem(res, { status: 404, code: 'ORGANISATION.NOT_FOUND' }),
      );
      expect(anonymised(toB, b.ods)).toEqual(anonymised(await send(lead, ghost), ghost));
    });

    it.each(ORGANISATION_ROLES)("lists only A's own organisation to A's %s token", async (role) => {
      const res = await a.tokens[role].get('/api/v1/organisations');
      expectStatus(res, 200);
      expect((res.body.items as { odsCode: string }[]).map((o) => o.odsCode)).toEqual([a.ods]);
      // B is registered: the admin sees it.
      const all = await admin.get('/api/v1/organisations');
      expect((all.body.items as { odsCode: string }[]).map((o) => o.odsCode)).toEqual(expect.arrayContaining([a.ods, b.ods]));
    });

    it("refuses to assign A's step to a person of B exactly as to a person who does not exist", async () => {
      const lead = a.tokens['implementation-lead'];
      const toBsPerson = await unchangedBy(
        () => lead.step(a.ods, FIRST_STEP, 'assign', { personId: b.personId }),
        (res) => expectProblem(res, { status: 422, code: 'ONBOARDING.ASSIGNEE_NOT_FOUND', field: 'personId' }),
      );
      const nobody = randomUUID();
      const toNobody = await lead.step(a.ods, FIRST_STEP, 'assign', { personId: nobody });
      expect(anonymised(toBsPerson, b.personId)).toEqual(anonymised(toNobody, nobody));
    });

    it("lets A record a person with the same email and role as one of B's: a 409 would reveal B's staff", async () => {
      const bPeople = await admin.get(`${org(b.ods)}/people`);
      const bPerson = (bPeople.body.items as { id: string; email: string; role: string }[]).find((p) => p.id === b.personId)!;
      const res = await a.tokens['implementation-lead'].post(`${org(a.ods)}/people`, { name: 'Same Person', email: bPerson.email, role: bPerson.role });
      expectStatus(res, 201);
      expect(res.body.id).not.toBe(b.personId);
    });

    it("keeps an Idempotency-Key private to its caller: B's lead reusing A's key is not served A's answer", async () => {
      const key = `onboard-${randomBytes(4).toString('hex')}`;
      const step = 'core.establish-ers-working-group';
      const first = await a.tokens['implementation-lead'].step(a.ods, step, 'assign', { personId: a.personId }, { 'Idempotency-Key': key });
      expectStatus(first, 200);
      // A retry by A is replayed (so the key is live), ...
      const replay = await a.tokens['implementation-lead'].step(a.ods, step, 'assign', { personId: a.personId }, { 'Idempotency-Key': key });
      expect(replay.headers['idempotent-replayed']).toBe('true');
      // ... but B's lead with the same key gets its own command run against its own organisation.
      const versionBefore = (await b.tokens['implementation-lead'].run(b.ods)).version;
      const own = await b.tokens['implementation-lead'].step(b.ods, step, 'assign', { personId: b.personId }, { 'Idempotency-Key': key });
      expectStatus(own, 200);
      expect(own.headers['idempotent-replayed']).toBeUndefined();
      expect(own.body.step.assignee.id).toBe(b.personId);
      expect(JSON.stringify(own.body)).not.toContain(a.ods);
      expect((await b.tokens['implementation-lead'].run(b.ods)).version).toBe(versionBefore + 1);
    });
  });

  describe('roles within an organisation', () => {
    const everyWrite = () => [
      ...WRITES.map(([name, suffix, body]): [string, string, () => object] => [name, `${org(a.ods)}${suffix}`, () => body(a)]),
      ['POST organisations', '/api/v1/organisations', () => ({ odsCode: newOdsCode('R'), name: 'Role Test Trust', type: 'acute' })] as [
        string,
        string,
        () => object,
      ],
      ['POST tokens', '/api/v1/tokens', () => ({ organisation: a.ods, role: 'implementation-lead', label: 'escalation attempt' })] as [
        string,
        string,
        () => object,
      ],
    ];
    const WRITE_NAMES = [...WRITES.map(([name]) => name), 'POST organisations', 'POST tokens'];
    const writeNamed = (name: string) => everyWrite().find(([n]) => n === name)!;

    it.each(READS)('lets a viewer %s of its organisation', async (_name, suffix) => {
      expectStatus(await a.tokens.viewer.get(`${org(a.ods)}${suffix}`), 200);
    });

    it('lets a viewer read the catalogue and its organisation list', async () => {
      expectStatus(await a.tokens.viewer.get('/api/v1/catalogue'), 200);
      expectStatus(await a.tokens.viewer.get('/api/v1/organisations'), 200);
    });

    it.each(WRITE_NAMES)('refuses a viewer %s with 403 AUTH.ROLE_NOT_PERMITTED and writes nothing', async (name) => {
      const [, path, body] = writeNamed(name);
      await unchangedBy(
        () => a.tokens.viewer.post(path, body()),
        (res) => expectProblem(res, { status: 403, code: 'AUTH.ROLE_NOT_PERMITTED' }),
      );
    });

    it('lets a contributor start and complete a step, recorded as the contributor', async () => {
      const c = await tenant();
      const contributor = c.tokens.contributor;
      const started = await contributor.step(c.ods, FIRST_STEP, 'start');
      expectStatus(started, 200);
      expect(started.body.step.status).toBe('in-progress');
      const done = await contributor.step(c.ods, FIRST_STEP, 'complete', OnrampClient.evidenceFor(c.run.steps.find((s) => s.id === FIRST_STEP)!));
      expectStatus(done, 200);
      expect(done.body.step.status).toBe('done');
      expect(done.body.step.completedBy.role).toBe('contributor');
      const trail = await contributor.get(`${org(c.ods)}/audit?limit=500`);
      const entries = (trail.body.items as { type: string; actor: { role: string } }[]).filter((e) => e.type === 'StepStarted' || e.type === 'StepCompleted');
      expect(entries.map((e) => [e.type, e.actor.role])).toEqual([
        ['StepStarted', 'contributor'],
        ['StepCompleted', 'contributor'],
      ]);
    });

    it.each([
      'POST people',
      'POST step assign',
      'POST step reopen',
      'POST go-live-date',
      'POST onboarding',
      'POST step sign-off',
      'POST organisations',
      'POST tokens',
    ])('refuses a contributor %s with 403 AUTH.ROLE_NOT_PERMITTED and writes nothing', async (name) => {
      const [, path, body] = writeNamed(name);
      await unchangedBy(
        () => a.tokens.contributor.post(path, body()),
        (res) => expectProblem(res, { status: 403, code: 'AUTH.ROLE_NOT_PERMITTED' }),
      );
    });

    it.each(['implementation-lead', 'clinical-lead', 'contributor', 'viewer', 'national-team'])(
      'refuses a %s token registering an organisation or creating a token',
      async (role) => {
        const caller = role === 'national-team' ? national : a.tokens[role as OrganisationRole];
        for (const name of ['POST organisations', 'POST tokens']) {
          const [, path, body] = writeNamed(name);
          await unchangedBy(
            () => caller.post(path, body()),
            (res) => expectProblem(res, { status: 403, code: 'AUTH.ROLE_NOT_PERMITTED' }),
          );
        }
      },
    );

    it('lets the admin register an organisation and create a token for it', async () => {
      const odsCode = newOdsCode('Z');
      const registered = await admin.post('/api/v1/organisations', { odsCode, name: 'Admin Registered Trust', type: 'mental-health' });
      expectStatus(registered, 201);
      const created = await admin.post('/api/v1/tokens', { organisation: odsCode, role: 'viewer', label: 'board observer' });
      expectStatus(created, 201);
      expect(created.body).toMatchObject({ organisation: odsCode, role: 'viewer', label: 'board observer', token: expect.stringMatching(/^onr_/) });
      expectStatus(await admin.as(created.body.token).get(org(odsCode)), 200);
    });
  });

  describe('the national team', () => {
    it('lists every organisation', async () => {
      const res = await national.get('/api/v1/organisations');
      expectStatus(res, 200);
      expect((res.body.items as { odsCode: string }[]).map((o) => o.odsCode)).toEqual(expect.arrayContaining([a.ods, b.ods]));
    });

    it.each(READS)('can %s of any organisation', async (_name, suffix) => {
      for (const ods of [a.ods, b.ods]) {
        const res = await national.get(`${org(ods)}${suffix}`);
        expectStatus(res, 200);
      }
    });

    it.each(WRITES.map(([name]) => name))('cannot %s: 403 AUTH.ROLE_NOT_PERMITTED, nothing written', async (name) => {
      const [, suffix, body] = WRITES.find(([n]) => n === name)!;
      await unchangedBy(
        () => national.post(`${org(b.ods)}${suffix}`, body(b)),
        (res) => expectProblem(res, { status: 403, code: 'AUTH.ROLE_NOT_PERMITTED' }),
      );
    });
  });

  describe('creating tokens', () => {
    const create = (body: object) => admin.post('/api/v1/tokens', body);

    it.each([
      ['bound to an organisation', () => ({ organisation: a.ods, role: 'admin', label: 'second admin' })],
      ['with no organisation', () => ({ role: 'admin', label: 'second admin' })],
    ])('does not let the admin mint an admin token %s', async (_how, body) => {
      await unchangedBy(
        () => create(body()),
        (res) => expectProblem(res, { status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'role' }),
      );
    });

    it.each(ORGANISATION_ROLES)('refuses a %s token without an organisation', async (role) => {
      await unchangedBy(
        () => create({ role, label: `${role} without organisation` }),
        (res) => expectProblem(res, { status: 400, code: 'TOKEN.ORGANISATION_REQUIRED', field: 'organisation' }),
      );
    });

    it('refuses a national-team token bound to an organisation', async () => {
      await unchangedBy(
        () => create({ organisation: a.ods, role: 'national-team', label: 'regional view' }),
        (res) => expectProblem(res, { status: 400, code: 'TOKEN.ORGANISATION_NOT_ALLOWED', field: 'organisation' }),
      );
    });

    it('refuses a token for an organisation nobody registered with 422', async () => {
      await unchangedBy(
        () => create({ organisation: ghost, role: 'viewer', label: 'early bird' }),
        (res) => expectProblem(res, { status: 422, code: 'TOKEN.UNKNOWN_ORGANISATION', field: 'organisation' }),
      );
    });

    it('issues a national-team token with no organisation', async () => {
      const res = await create({ role: 'national-team', label: 'NHS England regional team' });
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ organisation: null, role: 'national-team' });
    });

    it('stores only the sha256 of a token, never the token, and never puts it in the audit trail', async () => {
      const res = await create({ organisation: a.ods, role: 'clinical-lead', label: 'Dr Amara Mensah' });
      expectStatus(res, 201);
      const token = res.body.token as string;
      expect(token).toMatch(/^onr_[A-Za-z0-9_-]{43}$/);

      const hashes = ((await t.db.sql('select token_hash from api_tokens')) as { token_hash: string }[]).map((r) => r.token_hash);
      expect(hashes).toContain(sha256(token));
      expect(hashes).not.toContain(token);
      expect(hashes.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
      const everyColumn = JSON.stringify(await t.db.sql('select * from api_tokens'));
      expect(everyColumn).not.toContain(token);
      expect(everyColumn).not.toContain(token.slice(4, 24));

      const trail = await admin.get(`${org(a.ods)}/audit?limit=500`);
      const issued = (trail.body.items as { type: string; payload: { tokenId?: string } }[]).filter((e) => e.type === 'AccessTokenIssued');
      expect(issued.map((e) => e.payload.tokenId)).toContain(res.body.id);
      expect(JSON.stringify(trail.body)).not.toContain(token);
      expect(JSON.stringify(await t.db.sql('select payload from audit_events'))).not.toContain(token);

      // And the token shown once does work.
      expectStatus(await admin.as(token).get(org(a.ods)), 200);
    });
  });
  describe('when an admin lists and revokes tokens', () => {
    it('lists tokens without their secrets, and a revoked token stops working at once', async () => {
      const admin = new OnrampClient(t, t.adminToken);
      const ods = await admin.registerOrganisation('acute');
      const created = await admin.post('/api/v1/tokens', { organisation: ods, role: 'viewer', label: 'Laptop to retire' });
      expect(created.status).toBe(201);
      const viewer = admin.as(created.body.token);
      expect((await viewer.get(`/api/v1/organisations/${ods}`)).status).toBe(200);

      const list = await admin.get('/api/v1/tokens');
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.body)).not.toContain(created.body.token);
      expect(list.body.items).toContainEqual(
        expect.objectContaining({ id: created.body.id, organisation: ods, role: 'viewer', label: 'Laptop to retire', revokedAt: null }),
      );
      expect((await viewer.get('/api/v1/tokens')).status).toBe(403);

      const revoked = await admin.post(`/api/v1/tokens/${created.body.id}/revoke`, {});
      expect(revoked.status).toBe(200);
      expect(revoked.body.revokedAt).toEqual(expect.any(String));
      const after = await viewer.get(`/api/v1/organisations/${ods}`);
      expect(after.status).toBe(401);
      expect(after.body.code).toBe('AUTH.INVALID_TOKEN');
      expect((await admin.post(`/api/v1/tokens/${created.body.id}/revoke`, {})).body.revokedAt).toBe(revoked.body.revokedAt);
      expect((await admin.post('/api/v1/tokens/00000000-0000-4000-8000-000000000000/revoke', {})).status).toBe(404);
      expect((await admin.post('/api/v1/tokens/not-a-uuid/revoke', {})).status).toBe(404);
      const audit = await admin.get(`/api/v1/organisations/${ods}/audit?limit=500`);
      expect(audit.body.items.at(-1)).toMatchObject({ type: 'AccessTokenRevoked', payload: { tokenId: created.body.id } });
    });
  });
  describe('every endpoint in the OpenAPI document', () => {
    it('refuses a request without a token (health alone is public), and one with a token of no organisation it names', async () => {
      const doc = await t.http().get('/api/docs-json');
      expect(doc.status).toBe(200);
      const admin = new OnrampClient(t, t.adminToken);
      const mine = await admin.registerOrganisation('acute');
      const other = await admin.registerOrganisation('acute');
      const viewer = await admin.createToken(mine, 'viewer');
      const operations = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => ({ path, method })),
      );
      expect(operations.length).toBeGreaterThan(25);
      for (const { path, method } of operations) {
        const url = path.replace('{ods}', other).replace('{stepId}', 'core.go-live').replace('{id}', '00000000-0000-4000-8000-000000000000');
        const call = (token?: string) => {
          const r = (t.http() as unknown as Record<string, (u: string) => import('supertest').Test>)[method](url);
          return token ? r.set('Authorization', `Bearer ${token}`) : r;
        };
        const anonymous = await call();
        if (path === '/api/v1/health') {
          expect({ path, status: anonymous.status }).toEqual({ path, status: 200 });
          continue;
        }
        expect({ method, path, status: anonymous.status, code: anonymous.body.code }).toEqual({ method, path, status: 401, code: 'AUTH.MISSING_TOKEN' });
        if (path.includes('{ods}')) {
          const foreign = await call(viewer);
          expect({ method, path, status: foreign.status, code: foreign.body.code }).toEqual({ method, path, status: 404, code: 'ORGANISATION.NOT_FOUND' });
        }
      }
    });
  });
});
