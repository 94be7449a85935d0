import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import type { Response } from 'supertest';
import {
  OnrampClient,
  expectProblem,
  expectStatus,
  inDays,
  newOdsCode,
  observableState,
  organisationWithRun,
  postRaw,
  problemFields,
  type ProblemExpectation,
  type StepJson,
} from '../support/onramp-client';
import { addDays, dateWindow } from '../../apps/onramp/src/shared/domain/clock';
import { startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKinds } from '../support/test-database';

/**
 * Every endpoint that takes input is sent malformed input. Each refusal must be a problem
 * document with a stable code that names the offending field, and must leave no trace: the
 * organisations, people, run version, audit trail and token/idempotency tables are compared
 * before and after every request.
 */

/** Steps of the fixture organisation's run, each put in the state where its action would succeed. */
const STEP = {
  /** done, and every other step below depends on it */
  done: 'core.appoint-implementation-lead',
  /** not started: can be started or assigned */
  toStart: 'core.establish-ers-working-group',
  /** not started, its only dependency done: can be completed */
  toComplete: 'core.dedicate-it-lead',
  /** not started and not a go-live gate: the implementation lead may waive it */
  toWaive: 'core.identify-stakeholders',
  /** completed, awaiting the implementation lead's sign-off */
  toSignOff: 'core.confirm-dspt-submission',
  /** done, and nothing depending on it has progressed: can be reopened */
  toReopen: 'core.nominate-clinical-lead',
} as const;

interface Fixture {
  admin: OnrampClient;
  /** The organisation whose run the step actions work on. */
  ods: string;
  lead: OnrampClient;
  steps: Map<string, StepJson>;
  /** A person recorded for `ods`. */
  personId: string;
  /** A registered organisation that has not started onboarding, and its lead. */
  fresh: string;
  freshLead: OnrampClient;
  /** A person recorded for `fresh`, not for `ods`. */
  freshPersonId: string;
}

const org = (ods: string) => `/api/v1/organisations/${ods}`;
const stepPath = (ods: string, stepId: string, action: string) => `${org(ods)}/onboarding/steps/${stepId}/${action}`;
const uniqueEmail = (who: string) => `${who}.${randomBytes(3).toString('hex')}@example.nhs.uk`;

/** Bodies each endpoint accepts in the fixture's state; the cases below break one thing at a time. */
const valid = {
  organisation: () => ({ odsCode: newOdsCode('M'), name: 'Malformed Input Hospitals NHS Trust', type: 'acute' }),
  person: () => ({ name: 'Priya Shah', email: uniqueEmail('priya.shah'), role: 'clinician' }),
  onboarding: () => ({ goLiveDate: inDays(200) }),
  goLiveDate: () => ({ goLiveDate: inDays(300), reason: 'Board moved the date' }),
  assign: (f: Fixture) => ({ personId: f.personId }),
  complete: (f: Fixture) => OnrampClient.evidenceFor(f.steps.get(STEP.toComplete)!),
  signOff: () => ({ note: 'Reviewed the DSPT status' }),
  reason: () => ({ reason: 'Not applicable here: covered by the shared-care agreement' }),
  token: (f: Fixture) => ({ organisation: f.ods, role: 'viewer', label: 'Malformed input test' }),
};

interface Write {
  name: string;
  token: (f: Fixture) => string;
  path: (f: Fixture) => string;
  body: (f: Fixture) => Record<string, unknown>;
  /** Fields the endpoint lets the caller leave out; none of them may be sent as null. */
  optional: string[];
  /** A free-text field of the endpoint, where any well-formed text is acceptable. */
  text?: string;
  /** What an empty body (`{}`, or no bytes at all) gets: the problem naming a required field, or 'accepted'. */
  empty: ProblemExpectation | 'accepted';
}

const invalid = (field: string): ProblemExpectation => ({ status: 400, code: 'REQUEST.VALIDATION_FAILED', field });

const WRITES: Record<string, Write> = {
  registerOrganisation: {
    name: 'POST /organisations',
    token: (f) => f.admin.token,
    path: () => '/api/v1/organisations',
    body: valid.organisation,
    optional: [],
    text: 'name',
    empty: invalid('odsCode'),
  },
  addPerson: {
    name: 'POST …/people',
    token: (f) => f.lead.token,
    path: (f) => `${org(f.ods)}/people`,
    body: valid.person,
    optional: [],
    text: 'name',
    empty: invalid('email'),
  },
  startOnboarding: {
    name: 'POST …/onboarding',
    token: (f) => f.freshLead.token,
    path: (f) => `${org(f.fresh)}/onboarding`,
    body: valid.onboarding,
    optional: [],
    empty: invalid('goLiveDate'),
  },
  changeGoLiveDate: {
    name: 'POST …/onboarding/go-live-date',
    token: (f) => f.lead.token,
    path: (f) => `${org(f.ods)}/onboarding/go-live-date`,
    body: valid.goLiveDate,
    optional: ['reason', 'expectedVersion'],
    text: 'reason',
    empty: invalid('goLiveDate'),
  },
  assign: {
    name: 'POST …/steps/{id}/assign',
    token: (f) => f.lead.token,
    path: (f) => stepPath(f.ods, STEP.toStart, 'assign'),
    body: valid.assign,
    optional: ['expectedVersion'],
    empty: invalid('personId'),
  },
  start: {
    name: 'POST …/steps/{id}/start',
    token: (f) => f.lead.token,
    path: (f) => stepPath(f.ods, STEP.toStart, 'start'),
    body: () => ({}),
    optional: ['expectedVersion'],
    empty: 'accepted',
  },
  complete: {
    name: 'POST …/steps/{id}/complete',
    token: (f) => f.lead.token,
    path: (f) => stepPath(f.ods, STEP.toComplete, 'complete'),
    body: valid.complete,
    optional: ['evidence', 'note', 'expectedVersion'],
    // The body is valid without fields; the step's own rule then asks for its evidence.
    text: 'note',
    empty: { status: 409, code: 'ONBOARDING.EVIDENCE_MISSING' },
  },
  signOff: {
    name: 'POST …/steps/{id}/sign-off',
    token: (f) => f.lead.token,
    path: (f) => stepPath(f.ods, STEP.toSignOff, 'sign-off'),
    body: valid.signOff,
    optional: ['note', 'expectedVersion'],
    text: 'note',
    empty: 'accepted',
  },
  waive: {
    name: 'POST …/steps/{id}/waive',
    token: (f) => f.lead.token,
    path: (f) => stepPath(f.ods, STEP.toWaive, 'waive'),
    body: valid.reason,
    optional: ['expectedVersion'],
    text: 'reason',
    empty: invalid('reason'),
  },
  reopen: {
    name: 'POST …/steps/{id}/reopen',
    token: (f) => f.lead.token,
    path: (f) => stepPath(f.ods, STEP.toReopen, 'reopen'),
    body: valid.reason,
    optional: ['expectedVersion'],
    text: 'reason',
    empty: invalid('reason'),
  },
  createToken: {
    name: 'POST /tokens',
    token: (f) => f.admin.token,
    path: () => '/api/v1/tokens',
    body: valid.token,
    optional: [], // organisation may be null: see the POST /tokens cases
    text: 'label',
    empty: invalid('role'),
  },
};

/** One broken thing: a body built from the fixture, and the problem it must produce. */
type Case = [description: string, body: (f: Fixture) => unknown, expected: ProblemExpectation];

/** Cases that apply to every string field: wrong type, empty, over-long. */
function stringFieldCases(w: Write, field: string, tooLong: string): Case[] {
  const withField = (value: unknown) => (f: Fixture) => ({ ...w.body(f), [field]: value });
  return [
    [`${field} as a number`, withField(12345), invalid(field)],
    [`${field} as an object`, withField({ value: 'x' }), invalid(field)],
    [`${field} as null`, withField(null), invalid(field)],
    [`${field} empty`, withField(''), invalid(field)],
    [`${field} over-long`, withField(tooLong), invalid(field)],
  ];
}

/** The validation messages a problem gives for one field. */
const messagesFor = (res: Response, field: string): string[] =>
  ((res.body.errors ?? []) as { field: string; messages: string[] }[]).filter((e) => e.field === field).flatMap((e) => e.messages);

const without = (body: Record<string, unknown>, field: string) => Object.fromEntries(Object.entries(body).filter(([k]) => k !== field));

describe.each(testDatabaseKinds())('malformed input on %s', (kind) => {
  let t: TestApp;
  let f: Fixture;

  /** Builds the fixture; rebuilt after any test that wrote, so one product bug cannot fail the tests after it. */
  async function buildFixture(): Promise<Fixture> {
    const { admin, ods, lead, worker, run } = await organisationWithRun(t);
    const steps = new Map(run.steps.map((s) => [s.id, s]));
    const personId = await lead.addPerson(ods, 'implementation-lead');
    // Put each step where its action would succeed, so a refusal is due to the input alone.
    expectStatus(await lead.step(ods, STEP.done, 'start'), 200);
    expectStatus(await lead.step(ods, STEP.done, 'complete', OnrampClient.evidenceFor(steps.get(STEP.done)!)), 200);
    expectStatus(await lead.step(ods, STEP.toReopen, 'complete', OnrampClient.evidenceFor(steps.get(STEP.toReopen)!)), 200);
    const awaiting = await worker.step(ods, STEP.toSignOff, 'complete', OnrampClient.evidenceFor(steps.get(STEP.toSignOff)!));
    expectStatus(awaiting, 200);
    expect(awaiting.body.step.status).toBe('awaiting-sign-off');

    const fresh = await admin.registerOrganisation('community');
    const freshLead = admin.as(await admin.createToken(fresh, 'implementation-lead'));
    const freshPersonId = await freshLead.addPerson(fresh, 'clinician');
    return { admin, ods, lead, steps, personId, fresh, freshLead, freshPersonId };
  }

  let dirty = false;
  beforeAll(async () => {
    t = await startTestApp(kind);
    f = await buildFixture();
  });
  beforeEach(async () => {
    if (dirty) f = await buildFixture();
    dirty = false;
  });
  afterAll(async () => t?.close());

  const state = () => observableState(t, [f.ods, f.fresh]);

  /** Sends the request, checks the answer, then checks that nothing observable changed. */
  async function refusedWith(send: () => PromiseLike<Response>, check: (res: Response) => void) {
    const before = await state();
    const res = await send();
    const after = await state();
    dirty = !isDeepStrictEqual(after, before);
    check(res);
    expect(after).toEqual(before);
    return res;
  }
  const refused = (send: () => PromiseLike<Response>, expected: ProblemExpectation) => refusedWith(send, (res) => expectProblem(res, expected));

  const sendJson = (w: Write, body: unknown, headers: Record<string, string> = {}) => {
    const r = t
      .http()
      .post(w.path(f))
      .set('Authorization', `Bearer ${w.token(f)}`);
    for (const [k, v] of Object.entries(headers)) r.set(k, v);
    return r.send(body as object);
  };
  const sendRaw = (w: Write, raw: string | Buffer, contentType = 'application/json') => postRaw(t, w.token(f), w.path(f), raw, contentType);

  it('notices a write in its before/after comparison, so "nothing was written" below can fail', async () => {
    const before = await state();
    await f.lead.addPerson(f.ods, 'booking-clerk');
    const after = await state();
    expect(after).not.toEqual(before);
    expect(after.perOrganisation[f.ods]).not.toEqual(before.perOrganisation[f.ods]);
  });

  it('accepts each of the valid bodies the cases below break (checked on a throwaway organisation)', async () => {
    // The same bodies against a second organisation in the same states: proves the cases are refused for what they break.
    const scratch = await organisationWithRun(t);
    const scratchPerson = await scratch.lead.addPerson(scratch.ods, 'clinician');
    const s = scratch.lead;
    expectStatus(await f.admin.post('/api/v1/organisations', valid.organisation()), 201);
    expectStatus(await s.post(`${org(scratch.ods)}/people`, valid.person()), 201);
    expectStatus(await s.post(`${org(scratch.ods)}/onboarding/go-live-date`, valid.goLiveDate()), 200);
    expectStatus(await s.step(scratch.ods, STEP.toStart, 'assign', { personId: scratchPerson }), 200);
    // As `curl -X POST -H 'Content-Type: application/json' …/start` sends it: the header and no body at all.
    expectStatus(await postRaw(t, s.token, stepPath(scratch.ods, STEP.toStart, 'start'), ''), 200);
    expectStatus(await s.step(scratch.ods, STEP.toWaive, 'waive', valid.reason()), 200);
    expectStatus(await s.step(scratch.ods, STEP.done, 'complete', OnrampClient.evidenceFor(f.steps.get(STEP.done)!)), 200);
    expectStatus(await s.step(scratch.ods, STEP.toComplete, 'complete', valid.complete(f)), 200);
    expectStatus(await s.step(scratch.ods, STEP.toReopen, 'complete', OnrampClient.evidenceFor(f.steps.get(STEP.toReopen)!)), 200);
    expectStatus(await s.step(scratch.ods, STEP.toReopen, 'reopen', valid.reason()), 200);
    expectStatus(await scratch.worker.step(scratch.ods, STEP.toSignOff, 'complete', OnrampClient.evidenceFor(f.steps.get(STEP.toSignOff)!)), 200);
    expectStatus(await s.step(scratch.ods, STEP.toSignOff, 'sign-off', valid.signOff()), 200);
    const emptySignOff = await organisationWithRun(t);
    expectStatus(await emptySignOff.lead.step(emptySignOff.ods, STEP.done, 'complete', OnrampClient.evidenceFor(f.steps.get(STEP.done)!)), 200);
    expectStatus(await emptySignOff.worker.step(emptySignOff.ods, STEP.toSignOff, 'complete', OnrampClient.evidenceFor(f.steps.get(STEP.toSignOff)!)), 200);
    expectStatus(await postRaw(t, emptySignOff.lead.token, stepPath(emptySignOff.ods, STEP.toSignOff, 'sign-off'), ''), 200);
    expectStatus(await f.admin.post('/api/v1/tokens', { ...valid.token(f), organisation: scratch.ods }), 201);
    // null is how GET /tokens shows a global token, and is accepted as "no organisation".
    const global = await f.admin.post('/api/v1/tokens', { organisation: null, role: 'national-team', label: 'National team dashboard' });
    expectStatus(global, 201);
    expect(global.body.organisation).toBeNull();
    const another = await f.admin.registerOrganisation();
    expectStatus(await f.admin.post(`${org(another)}/onboarding`, valid.onboarding()), 201);
  });

  it('accepts go-live on the last day of the date window, when starting and when moving it', async () => {
    const { latest } = dateWindow(inDays(0));
    const ods = await f.admin.registerOrganisation();
    const started = await f.admin.post(`${org(ods)}/onboarding`, { goLiveDate: latest });
    expectStatus(started, 201);
    expect(started.body.goLiveDate).toBe(latest);
    const scratch = await organisationWithRun(t);
    expectStatus(await scratch.lead.post(`${org(scratch.ods)}/onboarding/go-live-date`, { goLiveDate: latest }), 200);
  });

  describe.each(Object.values(WRITES))('$name, whatever its fields', (w) => {
    it.each([
      ['truncated JSON', '{"name": "Priya'],
      ['a trailing comma', '{"reason": "a reason that is long enough",}'],
      ['single-quoted JSON', "{'reason': 'a reason that is long enough'}"],
      ['a prototype-poisoning __proto__ key', '{"__proto__": {"role": "admin"}}'],
    ])('refuses %s as invalid JSON', async (_what, raw) => {
      await refused(() => sendRaw(w, raw), { status: 400, code: 'REQUEST.INVALID_JSON' });
    });

    it.each([
      ['an array of valid bodies', (f: Fixture) => JSON.stringify([w.body(f)])],
      ['a string', () => '"hello"'],
    ])('refuses a body that is %s, naming the body as the offending field', async (_what, raw) => {
      await refused(() => sendRaw(w, raw(f)), { status: 400, code: 'REQUEST.VALIDATION_FAILED', field: '(body)' });
    });

    it('refuses a field it does not know, naming it', async () => {
      await refused(() => sendJson(w, { ...w.body(f), isAdmin: true }), invalid('isAdmin'));
    });

    if (w.optional.length > 0) {
      it.each(w.optional.map((field) => [field]))('refuses %s sent as null (optional means "may be left out", not "may be null")', async (field) => {
        await refused(() => sendJson(w, { ...w.body(f), [field]: null }), invalid(field));
      });
    }

    if (w.empty !== 'accepted') {
      const expected = w.empty;
      it.each([
        ['no bytes at all', ''],
        ['{}', '{}'],
      ])('answers an empty JSON body (%s) as it answers {}: the fields it needs are named', async (_what, raw) => {
        await refused(() => sendRaw(w, raw), expected);
      });
    }

    describe('text that is not well-formed Unicode (a lone UTF-16 surrogate)', () => {
      /** The field the bad text goes into: the endpoint's free-text field, else one it does not know (refused for its text first). */
      const field = w.text ?? 'note';
      const withText = (bad: string) => (f: Fixture) => ({ ...w.body(f), [field]: `${String(w.body(f)[field] ?? '')}${bad}` });
      it.each([
        ['a lone high surrogate', '\ud800'],
        ['a lone low surrogate', 'x\udc00y'],
        ['a pair in the wrong order', '\udc00\ud800'],
      ])('refuses %s in a field value with 400, naming the field', async (_what, bad) => {
        const res = await refused(() => sendJson(w, withText(bad)(f)), invalid(field));
        expect(messagesFor(res, field).join(' ')).toMatch(/well-formed Unicode/);
      });

      it('refuses a lone surrogate in a field name, naming it', async () => {
        const res = await refused(() => sendJson(w, { ...w.body(f), ['key\ud800']: 'x' }), invalid('key\ud800'));
        expect(messagesFor(res, 'key\ud800').join(' ')).toMatch(/well-formed Unicode/);
      });

      if (w.text) {
        const text = w.text;
        it(`accepts well-formed text outside the Basic Multilingual Plane (a real surrogate pair) in ${text}`, async () => {
          // An unknown field makes the request fail on validation, so nothing is written: the refusal must name only that field.
          const res = await refused(() => sendJson(w, { ...withText('\u{1F600}')(f), isAdmin: true }), invalid('isAdmin'));
          expect(problemFields(res.body)).toEqual(['isAdmin']);
        });
      }
    });

    describe('media types and encodings other than JSON in UTF-8', () => {
      it.each([
        ['application/json; charset=utf-16'],
        ['application/json; charset=UTF-16LE'],
        ['Application/JSON; Charset=ISO-8859-1'],
        ['application/json; charset=us-ascii'],
        ['application/json; charset='],
        ['application/json; charset'],
        ['application/json; charset=utf-8; charset=utf-16'],
        ['application/json garbage'],
      ])('refuses Content-Type: %s with 415, saying what is accepted', async (contentType) => {
        const res = await refused(() => sendRaw(w, JSON.stringify(w.body(f)), contentType), { status: 415, code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' });
        expect(res.body.detail).toMatch(/application\/json/);
        expect(res.body.detail).toMatch(/UTF-8/);
      });

      it.each([['gzip'], ['deflate'], ['br'], ['GZIP'], ['identity, gzip'], ['x-custom']])(
        'refuses Content-Encoding: %s with 415, saying what is accepted',
        async (encoding) => {
          const res = await refused(() => sendJson(w, w.body(f), { 'Content-Encoding': encoding }), {
            status: 415,
            code: 'REQUEST.UNSUPPORTED_CONTENT_ENCODING',
          });
          expect(res.body.detail).toMatch(/no content encoding/i);
          expect(res.body.detail).toMatch(/application\/json/);
        },
      );

      it.each([
        ['Content-Type: application/json; charset=utf-8', { 'Content-Type': 'application/json; charset=utf-8' }],
        ['Content-Type: application/json;charset="UTF-8"', { 'Content-Type': 'application/json;charset="UTF-8"' }],
        ['Content-Type: APPLICATION/JSON', { 'Content-Type': 'APPLICATION/JSON' }],
        ['Content-Encoding: identity', { 'Content-Encoding': 'identity' }],
      ])('reads %s as JSON (judged on its content: the unknown field is named)', async (_what, headers) => {
        const raw = JSON.stringify({ ...w.body(f), isAdmin: true });
        await refused(() => {
          const r = t
            .http()
            .post(w.path(f))
            .set('Authorization', `Bearer ${w.token(f)}`)
            .set('Content-Type', 'application/json');
          for (const [k, v] of Object.entries(headers)) r.set(k, v);
          return r.send(raw);
        }, invalid('isAdmin'));
      });
    });

    it('refuses text/plain with 415, even when the text is valid JSON', async () => {
      await refused(() => sendRaw(w, JSON.stringify(w.body(f)), 'text/plain'), { status: 415, code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' });
    });

    it('refuses a form-encoded body with 415', async () => {
      const form = new URLSearchParams(
        Object.entries(w.body(f)).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      ).toString();
      await refused(() => sendRaw(w, form, 'application/x-www-form-urlencoded'), { status: 415, code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' });
    });

    it('refuses application/xml with 415', async () => {
      await refused(() => sendRaw(w, '<person><name>Priya</name></person>', 'application/xml'), { status: 415, code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' });
    });

    it('refuses a body one byte over the limit with 413', async () => {
      const body = JSON.stringify({ ...w.body(f), padding: '' });
      const raw = body.replace('"padding":""', `"padding":"${'x'.repeat(t.config.bodyLimitBytes + 1 - body.length)}"`);
      expect(Buffer.byteLength(raw)).toBe(t.config.bodyLimitBytes + 1);
      await refused(() => sendRaw(w, raw), { status: 413, code: 'REQUEST.BODY_TOO_LARGE' });
    });

    it('judges a body exactly at the limit on its content (400 naming the field), not its size', async () => {
      const body = JSON.stringify({ ...w.body(f), padding: '' });
      const raw = body.replace('"padding":""', `"padding":"${'x'.repeat(t.config.bodyLimitBytes - body.length)}"`);
      expect(Buffer.byteLength(raw)).toBe(t.config.bodyLimitBytes);
      await refused(() => sendRaw(w, raw), invalid('padding'));
    });

    it('refuses deeply nested JSON (5000 levels, 10 KiB) with a 400, not a 500', async () => {
      const fields = JSON.stringify(w.body(f)).slice(1, -1);
      const raw = `{${fields ? `${fields},` : ''}"nested":${'['.repeat(5000)}${']'.repeat(5000)}}`;
      expect(JSON.parse(raw)).toHaveProperty('nested');
      await refused(() => sendRaw(w, raw), { status: 400, code: /^REQUEST\./ });
    });

    it('refuses deeply nested JSON with an Idempotency-Key with a 400 too: the key is checked after the body', async () => {
      const fields = JSON.stringify(w.body(f)).slice(1, -1);
      const raw = `{${fields ? `${fields},` : ''}"nested":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
      await refused(
        () =>
          t
            .http()
            .post(w.path(f))
            .set('Authorization', `Bearer ${w.token(f)}`)
            .set('Content-Type', 'application/json')
            .set('Idempotency-Key', `deep-${randomBytes(4).toString('hex')}`)
            .send(raw),
        { status: 400, code: 'REQUEST.TOO_DEEPLY_NESTED' },
      );
    });

    it.each(['garbage', '7', '"seven"', '"1", "2"', '"1234567890"'])('refuses If-Match: %s, naming the header', async (ifMatch) => {
      await refused(() => sendJson(w, w.body(f), { 'If-Match': ifMatch }), { status: 400, code: 'REQUEST.INVALID_IF_MATCH', field: 'If-Match' });
    });

    it.each([
      ['containing a space', 'retry 1'],
      ['of 256 characters', 'k'.repeat(256)],
      ['empty', ''],
      ['with a non-ASCII letter', 'clé-1'],
    ])('refuses an Idempotency-Key %s, naming the header', async (_what, key) => {
      await refused(() => sendJson(w, w.body(f), { 'Idempotency-Key': key }), {
        status: 400,
        code: 'REQUEST.INVALID_IDEMPOTENCY_KEY',
        field: 'Idempotency-Key',
      });
    });
  });

  describe('POST /organisations', () => {
    const w = WRITES.registerOrganisation;
    const cases: Case[] = [
      ...stringFieldCases(w, 'odsCode', 'ABCDEFGHIJ'),
      ...stringFieldCases(w, 'name', 'N'.repeat(201)),
      ...stringFieldCases(w, 'type', 'acute'.repeat(10)),
      ['odsCode with a hyphen', (f) => ({ ...w.body(f), odsCode: 'RH-8' }), invalid('odsCode')],
      ['odsCode with a space inside', (f) => ({ ...w.body(f), odsCode: 'RH 8' }), invalid('odsCode')],
      ['odsCode with a non-ASCII letter', (f) => ({ ...w.body(f), odsCode: 'RÄ8' }), invalid('odsCode')],
      ['odsCode with CRLF', (f) => ({ ...w.body(f), odsCode: 'RH8\r\nX' }), invalid('odsCode')],
      ['name with CRLF', (f) => ({ ...w.body(f), name: 'Trust\r\nX-Injected: yes' }), invalid('name')],
      ['name with a NUL', (f) => ({ ...w.body(f), name: 'Trust\u0000Name' }), invalid('name')],
      ['name with a tab', (f) => ({ ...w.body(f), name: 'Trust\tName' }), invalid('name')],
      ['name with DEL', (f) => ({ ...w.body(f), name: 'Trust\u007fName' }), invalid('name')],
      ['name of spaces only', (f) => ({ ...w.body(f), name: '     ' }), invalid('name')],
      ['an unknown organisation type', (f) => ({ ...w.body(f), type: 'hospital' }), invalid('type')],
      ['no odsCode', (f) => without(w.body(f), 'odsCode'), invalid('odsCode')],
      ['no name', (f) => without(w.body(f), 'name'), invalid('name')],
    ];
    it.each(cases)('refuses %s', async (_d, body, expected) => {
      await refused(() => sendJson(w, body(f)), expected);
    });

    it('names every offending field at once', async () => {
      const res = await refused(() => sendJson(w, { odsCode: 'RH-8', name: '', type: 'hospital', extra: 1 }), invalid('odsCode'));
      expect((res.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['extra', 'name', 'odsCode', 'type']);
    });
  });

  describe('POST …/people', () => {
    const w = WRITES.addPerson;
    const cases: Case[] = [
      ...stringFieldCases(w, 'name', 'N'.repeat(201)),
      ...stringFieldCases(w, 'email', `${'a'.repeat(243)}@example.com`),
      ...stringFieldCases(w, 'role', 'clinician'.repeat(5)),
      ['name with CRLF', (f) => ({ ...w.body(f), name: 'Priya\r\nShah' }), invalid('name')],
      ['name with a NUL', (f) => ({ ...w.body(f), name: 'Priya\u0000Shah' }), invalid('name')],
      // Markup in a name is accepted as text: templates escape it when it is shown (see the templates' tests).
      ['name of spaces only', (f) => ({ ...w.body(f), name: '     ' }), invalid('name')],
      ['email that is not an address', (f) => ({ ...w.body(f), email: 'priya.shah' }), invalid('email')],
      ['email without a top-level domain', (f) => ({ ...w.body(f), email: 'priya@localhost' }), invalid('email')],
      ['email with a display name', (f) => ({ ...w.body(f), email: 'Priya Shah <priya@nhs.net>' }), invalid('email')],
      ['email at an IP address', (f) => ({ ...w.body(f), email: 'priya@10.0.0.1' }), invalid('email')],
      ['email with CRLF and a header', (f) => ({ ...w.body(f), email: 'priya@nhs.net\r\nBcc: all@nhs.net' }), invalid('email')],
      ['an unknown person role', (f) => ({ ...w.body(f), role: 'surgeon' }), invalid('role')],
      ['an access role as a person role', (f) => ({ ...w.body(f), role: 'admin' }), invalid('role')],
      ['a person role in the wrong case', (f) => ({ ...w.body(f), role: 'Clinical-Lead' }), invalid('role')],
      ['no email', (f) => without(w.body(f), 'email'), invalid('email')],
      ['an email with a lone surrogate (once a 500 inside the email validator)', (f) => ({ ...w.body(f), email: '\ud800' }), invalid('email')],
      ['an email with a lone surrogate in its local part', (f) => ({ ...w.body(f), email: 'priya\ud800@nhs.net' }), invalid('email')],
    ];
    it.each(cases)('refuses %s', async (_d, body, expected) => {
      await refused(() => sendJson(w, body(f)), expected);
    });
  });

  /** Dates both go-live endpoints refuse as malformed. */
  const badDates: [string, unknown][] = [
    ['30 February', '2027-02-30'],
    ['29 February in a common year', '2027-02-29'],
    ['a UK-style date', '01/04/2027'],
    ['an unpadded date', '2027-4-1'],
    ['a timestamp', '2027-04-01T00:00:00Z'],
    ['a date with spaces', ' 2027-04-01 '],
    ['a five-digit year', '20270-04-01'],
    ['an empty string', ''],
    ['a number', 20270401],
    ['an array', ['2027-04-01']],
    ['null', null],
  ];

  /** Well-formed dates outside the window every date input shares: 2000-01-01 to ten years after today. */
  const outsideWindow: [string, () => string][] = [
    ['9999-12-31 (once accepted, then due dates in the year 10000 broke reports and emails)', () => '9999-12-31'],
    ['the day after the last day of the window', () => addDays(dateWindow(inDays(0)).latest, 1)],
    ['the first day of the year 2100', () => '2100-01-01'],
  ];
  const refusedAsOutsideWindow = (res: Response) => {
    expectProblem(res, invalid('goLiveDate'));
    expect(messagesFor(res, 'goLiveDate').join(' ')).toMatch(/dates more than 10 years ahead are not accepted/);
  };

  describe('POST …/onboarding', () => {
    const w = WRITES.startOnboarding;
    it.each(outsideWindow)('refuses a go-live date of %s, naming goLiveDate and the window', async (_d, date) => {
      await refusedWith(() => sendJson(w, { goLiveDate: date() }), refusedAsOutsideWindow);
    });
    it('refuses a go-live date before 2000-01-01, naming the window', async () => {
      const res = await refused(() => sendJson(w, { goLiveDate: '1999-12-31' }), invalid('goLiveDate'));
      expect(messagesFor(res, 'goLiveDate').join(' ')).toMatch(/before 2000-01-01, the earliest date accepted/);
    });
    it("judges the window by the application's clock, as the aggregate does", async () => {
      // A clock in 2040: 2045 is inside its window though more than ten years after the real today.
      const in2040 = await startTestApp(kind, { clock: { now: () => new Date('2040-01-01T09:00:00Z') } });
      try {
        const admin = new OnrampClient(in2040, in2040.adminToken);
        const ods = await admin.registerOrganisation();
        expectStatus(await admin.post(`${org(ods)}/onboarding`, { goLiveDate: '2045-01-01' }), 201);
        const late = await admin
          .as(await admin.createToken(ods, 'implementation-lead'))
          .post(`${org(ods)}/onboarding/go-live-date`, { goLiveDate: '2050-01-02' });
        expectProblem(late, invalid('goLiveDate'));
        expect(messagesFor(late, 'goLiveDate').join(' ')).toMatch(/is after 2050-01-01/);
      } finally {
        await in2040.close();
      }
    });
    it.each(badDates)('refuses goLiveDate as %s', async (_d, goLiveDate) => {
      await refused(() => sendJson(w, { goLiveDate }), invalid('goLiveDate'));
    });
    it.each([
      ['yesterday', -1],
      ['today', 0],
      ['last year', -365],
    ])('refuses a go-live date of %s as not in the future, naming goLiveDate', async (_d, days) => {
      await refused(() => sendJson(w, { goLiveDate: inDays(days) }), { status: 400, code: 'ONBOARDING.GO_LIVE_DATE_IN_PAST', field: 'goLiveDate' });
    });
    it('refuses a missing go-live date', async () => {
      await refused(() => sendJson(w, {}), invalid('goLiveDate'));
    });
    it('refuses a catalogue version chosen by the caller', async () => {
      await refused(() => sendJson(w, { ...valid.onboarding(), catalogueVersion: '1999.1.1' }), invalid('catalogueVersion'));
    });
  });

  describe('POST …/onboarding/go-live-date', () => {
    const w = WRITES.changeGoLiveDate;
    it.each(outsideWindow)('refuses moving go-live to %s, naming goLiveDate and the window', async (_d, date) => {
      await refusedWith(() => sendJson(w, { ...w.body(f), goLiveDate: date() }), refusedAsOutsideWindow);
    });
    it.each(badDates)('refuses goLiveDate as %s', async (_d, goLiveDate) => {
      await refused(() => sendJson(w, { ...w.body(f), goLiveDate }), invalid('goLiveDate'));
    });
    it.each([
      ['yesterday', -1],
      ['today', 0],
    ])('refuses a go-live date of %s, naming goLiveDate', async (_d, days) => {
      await refused(() => sendJson(w, { ...w.body(f), goLiveDate: inDays(days) }), {
        status: 400,
        code: 'ONBOARDING.GO_LIVE_DATE_IN_PAST',
        field: 'goLiveDate',
      });
    });
    const cases: Case[] = [
      ['a reason of two characters', (f) => ({ ...w.body(f), reason: 'no' }), invalid('reason')],
      ['a reason of 1001 characters', (f) => ({ ...w.body(f), reason: 'r'.repeat(1001) }), invalid('reason')],
      ['a reason that is a number', (f) => ({ ...w.body(f), reason: 42 }), invalid('reason')],
      ['a reason with a NUL', (f) => ({ ...w.body(f), reason: 'board\u0000moved it' }), invalid('reason')],
      ['expectedVersion below zero', (f) => ({ ...w.body(f), expectedVersion: -1 }), invalid('expectedVersion')],
      ['expectedVersion with a fraction', (f) => ({ ...w.body(f), expectedVersion: 1.5 }), invalid('expectedVersion')],
      ['expectedVersion as a string', (f) => ({ ...w.body(f), expectedVersion: '1' }), invalid('expectedVersion')],
      ['expectedVersion beyond the maximum', (f) => ({ ...w.body(f), expectedVersion: 1e12 }), invalid('expectedVersion')],
    ];
    it.each(cases)('refuses %s', async (_d, body, expected) => {
      await refused(() => sendJson(w, body(f)), expected);
    });
  });

  describe('POST …/steps/{id}/assign', () => {
    const w = WRITES.assign;
    const cases: Case[] = [
      ['a personId that is not a uuid', () => ({ personId: 'priya' }), invalid('personId')],
      ['a uuid with trailing text', (f) => ({ personId: `${f.personId}x` }), invalid('personId')],
      ['an empty personId', () => ({ personId: '' }), invalid('personId')],
      ['a personId that is a number', () => ({ personId: 42 }), invalid('personId')],
      ['no personId', () => ({}), invalid('personId')],
      ['a person that does not exist', () => ({ personId: randomUUID() }), { status: 422, code: 'ONBOARDING.ASSIGNEE_NOT_FOUND', field: 'personId' }],
      [
        'a person recorded for another organisation',
        (f) => ({ personId: f.freshPersonId }),
        { status: 422, code: 'ONBOARDING.ASSIGNEE_NOT_FOUND', field: 'personId' },
      ],
    ];
    it.each(cases)('refuses %s', async (_d, body, expected) => {
      await refused(() => sendJson(w, body(f)), expected);
    });
  });

  describe('POST …/steps/{id}/start', () => {
    const w = WRITES.start;
    const cases: Case[] = [
      ['a note, which starting does not take', () => ({ note: 'starting now' }), invalid('note')],
      ['expectedVersion as text', () => ({ expectedVersion: 'latest' }), invalid('expectedVersion')],
      [
        'If-Match and expectedVersion that disagree',
        () => ({ expectedVersion: 1 }),
        { status: 400, code: 'REQUEST.CONFLICTING_VERSIONS', field: 'expectedVersion' },
      ],
    ];
    it.each(cases)('refuses %s', async (_d, body, expected) => {
      await refused(() => sendJson(w, body(f), { 'If-Match': '"2"' }), expected);
    });

    it('refuses a stale If-Match with 412 and changes nothing', async () => {
      await refused(() => sendJson(w, {}, { 'If-Match': '"1"' }), { status: 412, code: 'ONBOARDING.VERSION_MISMATCH' });
    });
  });

  describe('POST …/steps/{id}/complete', () => {
    const w = WRITES.complete;
    const evidence = (f: Fixture) => valid.complete(f).evidence;
    const withItem = (item: unknown) => (f: Fixture) => ({ ...valid.complete(f), evidence: [item] });
    const cases: Case[] = [
      [
        'evidence with a key the step does not require',
        (f) => ({ ...valid.complete(f), evidence: [...evidence(f), { key: 'board-minute', reference: 'https://intranet.example.nhs.uk/x' }] }),
        { status: 400, code: 'ONBOARDING.UNKNOWN_EVIDENCE_KEY', field: 'evidence' },
      ],
      ['evidence with a key that is not a slug', withItem({ key: 'IT Lead!', reference: 'https://intranet.example.nhs.uk/x' }), invalid('evidence[0].key')],
      ['evidence with a key that is a number', withItem({ key: 7, reference: 'https://intranet.example.nhs.uk/x' }), invalid('evidence[0].key')],
      ['evidence with an empty reference', withItem({ key: 'it-lead-nomination', reference: '' }), invalid('evidence[0].reference')],
      ['evidence with a reference of 501 characters', withItem({ key: 'it-lead-nomination', reference: 'r'.repeat(501) }), invalid('evidence[0].reference')],
      ['evidence with CRLF in its reference', withItem({ key: 'it-lead-nomination', reference: 'doc-1\r\nX-Injected: yes' }), invalid('evidence[0].reference')],
      ['evidence with no reference', withItem({ key: 'it-lead-nomination' }), invalid('evidence[0].reference')],
      [
        'evidence with a field it does not know',
        withItem({ key: 'it-lead-nomination', reference: 'doc-1', uploadedBy: 'admin' }),
        invalid('evidence[0].uploadedBy'),
      ],
      ['evidence that is a string', (f) => ({ ...valid.complete(f), evidence: 'it-lead-nomination' }), invalid('evidence')],
      ['evidence that is an object', (f) => ({ ...valid.complete(f), evidence: evidence(f)[0] }), invalid('evidence')],
      ['evidence items that are strings', withItem('it-lead-nomination'), invalid('evidence[0]')],
      ['evidence items that are null', withItem(null), invalid('evidence[0]')],
      ['21 evidence items', (f) => ({ ...valid.complete(f), evidence: Array.from({ length: 21 }, () => evidence(f)[0]) }), invalid('evidence')],
      ['an empty note', (f) => ({ ...valid.complete(f), note: '' }), invalid('note')],
      ['a note of 2001 characters', (f) => ({ ...valid.complete(f), note: 'n'.repeat(2001) }), invalid('note')],
      ['a note that is a number', (f) => ({ ...valid.complete(f), note: 1 }), invalid('note')],
      ['a note with a NUL', (f) => ({ ...valid.complete(f), note: 'done\u0000really' }), invalid('note')],
      ['a status chosen by the caller', (f) => ({ ...valid.complete(f), status: 'done' }), invalid('status')],
      ['evidence with a lone surrogate in its reference', withItem({ key: 'it-lead-nomination', reference: 'doc-\udfff' }), invalid('evidence[0].reference')],
      ['evidence as null (once a 500: Cannot read properties of null)', (f) => ({ ...valid.complete(f), evidence: null }), invalid('evidence')],
    ];
    it.each(cases)('refuses %s', async (_d, body, expected) => {
      await refused(() => sendJson(w, body(f)), expected);
    });
  });

  describe('POST …/steps/{id}/sign-off', () => {
    const w = WRITES.signOff;
    const cases: Case[] = [
      ['an empty note', () => ({ note: '' }), invalid('note')],
      ['a note of 2001 characters', () => ({ note: 'n'.repeat(2001) }), invalid('note')],
      ['a note that is an object', () => ({ note: { text: 'ok' } }), invalid('note')],
      ['a signer chosen by the caller', () => ({ ...valid.signOff(), signedOffBy: 'clinical-lead' }), invalid('signedOffBy')],
    ];
    it.each(cases)('refuses %s', async (_d, body, expected) => {
      await refused(() => sendJson(w, body(f)), expected);
    });
  });

  describe.each([WRITES.waive, WRITES.reopen])('$name', (w) => {
    const cases: Case[] = [
      ['no reason', () => ({}), invalid('reason')],
      ['a reason of nine characters', () => ({ reason: 'not-used.' }), invalid('reason')],
      ['a reason of 1001 characters', () => ({ reason: 'r'.repeat(1001) }), invalid('reason')],
      ['a reason that is a number', () => ({ reason: 1234567890123 }), invalid('reason')],
      ['a reason with a NUL', () => ({ reason: 'not applicable\u0000 here at all' }), invalid('reason')],
      ['a field it does not know', () => ({ ...valid.reason(), approvedBy: 'clinical-lead' }), invalid('approvedBy')],
    ];
    it.each(cases)('refuses %s', async (_d, body, expected) => {
      await refused(() => sendJson(w, body(f)), expected);
    });
  });

  describe('POST /tokens', () => {
    const w = WRITES.createToken;
    const cases: Case[] = [
      ...stringFieldCases(w, 'label', 'L'.repeat(101)),
      ['a one-character label', (f) => ({ ...w.body(f), label: 'x' }), invalid('label')],
      ['a label of spaces only', (f) => ({ ...w.body(f), label: '     ' }), invalid('label')],
      ['a label with CRLF', (f) => ({ ...w.body(f), label: 'laptop\r\nX-Injected: yes' }), invalid('label')],
      ['an organisation that is not an ODS code', (f) => ({ ...w.body(f), organisation: 'RH-8' }), invalid('organisation')],
      ['an organisation of ten characters', (f) => ({ ...w.body(f), organisation: 'ABCDEFGHIJ' }), invalid('organisation')],
      ['an empty organisation', (f) => ({ ...w.body(f), organisation: '' }), invalid('organisation')],
      ['an organisation that is a number', (f) => ({ ...w.body(f), organisation: 8 }), invalid('organisation')],
      [
        'a null organisation (a global token) for a role that needs one',
        (f) => ({ ...w.body(f), organisation: null }),
        { status: 400, code: 'TOKEN.ORGANISATION_REQUIRED', field: 'organisation' },
      ],
      ['an unknown role', (f) => ({ ...w.body(f), role: 'superuser' }), invalid('role')],
      ['a person role as an access role', (f) => ({ ...w.body(f), role: 'clinician' }), invalid('role')],
      ['no role', (f) => without(w.body(f), 'role'), invalid('role')],
      ['an expiry, which tokens do not take', (f) => ({ ...w.body(f), expiresAt: '2030-01-01' }), invalid('expiresAt')],
      [
        'an organisation that is not registered',
        (f) => ({ ...w.body(f), organisation: newOdsCode('U') }),
        { status: 422, code: 'TOKEN.UNKNOWN_ORGANISATION', field: 'organisation' },
      ],
    ];
    it.each(cases)('refuses %s', async (_d, body, expected) => {
      await refused(() => sendJson(w, body(f)), expected);
    });
  });

  describe('ODS codes and step ids in the path', () => {
    const READS = ['', '/people', '/onboarding', '/readiness', '/audit', '/audit/verify'];
    const BAD_CODES = [
      ['ten characters', 'ABCDEFGHIJ'],
      ['a hyphen', 'RH-8'],
      ['a non-ASCII letter', encodeURIComponent('RÄ8')],
      ['an encoded slash', 'RH%2F8'],
    ];

    it.each(READS.flatMap((suffix) => BAD_CODES.map(([what, code]) => [`GET /organisations/{ods}${suffix}`, what, code, suffix])))(
      '%s refuses an ODS code with %s (400 naming ods)',
      async (_e, _w, code, suffix) => {
        await refused(() => f.admin.get(`${org(code)}${suffix}`), { status: 400, code: 'ORGANISATION.INVALID_ODS_CODE', field: 'ods' });
      },
    );

    it.each(READS)('GET /organisations/{ods}%s answers 404 for a code nobody registered', async (suffix) => {
      await refused(() => f.admin.get(`${org(newOdsCode('N'))}${suffix}`), { status: 404, code: 'ORGANISATION.NOT_FOUND' });
    });

    const pathWrites: [string, (ods: string) => string, (f: Fixture) => object][] = [
      ['POST …/people', (ods) => `${org(ods)}/people`, () => valid.person()],
      ['POST …/onboarding', (ods) => `${org(ods)}/onboarding`, () => valid.onboarding()],
      ['POST …/onboarding/go-live-date', (ods) => `${org(ods)}/onboarding/go-live-date`, () => valid.goLiveDate()],
      ['POST …/steps/{id}/start', (ods) => stepPath(ods, STEP.toStart, 'start'), () => ({})],
      ['POST …/steps/{id}/assign', (ods) => stepPath(ods, STEP.toStart, 'assign'), (f) => valid.assign(f)],
    ];
    it.each(pathWrites.flatMap(([name, path, body]) => BAD_CODES.map(([what, code]) => [name, what, path, body, code] as const)))(
      '%s refuses an ODS code with %s (400 naming ods)',
      async (_n, _w, path, body, code) => {
        await refused(() => f.admin.post(path(code), body(f)), { status: 400, code: 'ORGANISATION.INVALID_ODS_CODE', field: 'ods' });
      },
    );
    it.each(pathWrites)('%s answers 404 for a code nobody registered', async (_n, path, body) => {
      await refused(() => f.admin.post(path(newOdsCode('N')), body(f)), { status: 404, code: 'ORGANISATION.NOT_FOUND' });
    });

    it.each(['assign', 'start', 'complete', 'sign-off', 'waive', 'reopen'])(
      'POST …/steps/{unknown}/%s answers 404 ONBOARDING.STEP_NOT_FOUND',
      async (action) => {
        const body = { assign: valid.assign(f), complete: { evidence: [] }, waive: valid.reason(), reopen: valid.reason(), 'sign-off': {}, start: {} }[action];
        await refused(() => f.lead.step(f.ods, 'core.no-such-step', action, body), { status: 404, code: 'ONBOARDING.STEP_NOT_FOUND' });
      },
    );

    it('answers 404 ONBOARDING.RUN_NOT_FOUND for a step action before onboarding has started', async () => {
      await refused(() => f.freshLead.step(f.fresh, STEP.toStart, 'start'), { status: 404, code: 'ONBOARDING.RUN_NOT_FOUND' });
    });

    it('answers a step id with CRLF in it with 404, without a 500', async () => {
      await refused(() => f.lead.step(f.ods, 'core.go-live%0D%0AX-Injected:%20yes', 'start'), { status: 404, code: 'ONBOARDING.STEP_NOT_FOUND' });
    });

    it.each([
      ['a step id', (f: Fixture) => stepPath(f.ods, `core.${'x'.repeat(120)}`, 'start')],
      ['an ODS code', () => `${org('A'.repeat(120))}/people`],
    ])('answers %s over 100 characters with a problem document, not a 500', async (_what, path) => {
      await refusedWith(
        () => f.lead.post(path(f), {}),
        (res) => {
          expect([400, 404, 414]).toContain(res.status);
          expect({ contentType: res.headers['content-type'], code: res.body.code, body: res.body }).toEqual({
            contentType: expect.stringMatching(/^application\/problem\+json/),
            code: expect.any(String),
            body: expect.anything(),
          });
        },
      );
    });
  });

  describe('GET …/audit query parameters', () => {
    it.each([
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=10000', 'limit'],
      ['limit=1.5', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=', 'limit'],
      ['limit=1&limit=2', 'limit'],
      ['after=-1', 'after'],
      ['after=abc', 'after'],
      ['after=1e400', 'after'],
      ['order=desc', 'order'],
    ])('refuses ?%s, naming %s', async (query, field) => {
      await refused(() => f.lead.get(`${org(f.ods)}/audit?${query}`), invalid(field));
    });

    it('accepts the boundaries limit=1 and limit=500', async () => {
      const one = await f.lead.get(`${org(f.ods)}/audit?limit=1`);
      expectStatus(one, 200);
      expect(one.body.items).toHaveLength(1);
      expectStatus(await f.lead.get(`${org(f.ods)}/audit?limit=500`), 200);
    });
  });

  describe('unknown routes', () => {
    it.each([
      ['GET', '/api/v1/nope'],
      ['GET', '/api/v2/organisations'],
      ['POST', '/api/v1/catalogue'],
      ['DELETE', '/api/v1/organisations'],
      ['PUT', '/api/v1/tokens'],
      ['POST', '/api/v1/organisations/{ods}/onboarding/steps/{step}/explode'],
      ['PATCH', '/api/v1/organisations/{ods}/onboarding'],
      ['DELETE', '/api/v1/organisations/{ods}/people'],
    ])('answer %s %s with a 404 problem', async (method, template) => {
      const path = template.replace('{ods}', f.ods).replace('{step}', STEP.toStart);
      const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      await refused(() => t.http()[verb](path).set('Authorization', `Bearer ${t.adminToken}`).send({}), { status: 404, code: 'ROUTE_NOT_FOUND' });
    });
  });

  describe('requests the HTTP parser refuses before any route runs', () => {
    /** Writes raw bytes to the listening server and reads the whole answer (the server closes the connection after these). */
    async function exchange(raw: string) {
      if (!t.app.getHttpServer().listening) await t.app.listen(0, '127.0.0.1');
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      const text = await new Promise<string>((resolve, reject) => {
        const chunks: Buffer[] = [];
        const socket = connect(port, '127.0.0.1', () => socket.end(raw));
        socket.on('data', (c) => chunks.push(c));
        socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
        socket.on('error', reject);
      });
      const [head, body] = text.split('\r\n\r\n');
      const [statusLine, ...headerLines] = head.split('\r\n');
      const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) as Record<string, unknown> };
    }

    it.each([
      [
        'a header over the 16 KiB limit',
        `GET /api/v1/organisations HTTP/1.1\r\nHost: x\r\nIdempotency-Key: ${'k'.repeat(20_000)}\r\n\r\n`,
        431,
        'REQUEST.HEADERS_TOO_LARGE',
      ],
      ['a request line that is not HTTP', 'HELLO THERE\r\n\r\n', 400, 'REQUEST.MALFORMED_HTTP'],
      ['a header with no colon', 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n', 400, 'REQUEST.MALFORMED_HTTP'],
    ])('answers %s with a problem document', async (_what, raw, status, code) => {
      const before = await state();
      const res = await exchange(raw);
      expect({ status: res.status, contentType: res.headers['content-type'], body: res.body }).toEqual({
        status,
        contentType: 'application/problem+json; charset=utf-8',
        body: expect.objectContaining({ status, code, detail: expect.any(String), correlationId: expect.any(String) }),
      });
      expect(await state()).toEqual(before);
    });
  });
});
