import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import type { TestApp } from './test-app';

/** Unique, valid ODS codes so suites never collide. */
export const newOdsCode = (prefix = 'T') => `${prefix}${randomBytes(4).toString('hex').toUpperCase()}`.slice(0, 9);

export const inDays = (days: number, from = new Date()) => {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

export interface StepJson {
  id: string;
  title: string;
  status: string;
  gate: boolean;
  dependsOn: string[];
  signOffRole: string | null;
  evidenceRequired: { key: string; description: string }[];
  ownerRole: string;
  area: string;
  dueDate: string;
  assignee: { id: string } | null;
}

/** A test-data builder that drives Onramp only through its HTTP API, as a client script would. */
export class OnrampClient {
  constructor(
    private readonly t: TestApp,
    readonly token: string,
  ) {}

  private auth = (r: import('supertest').Test) => r.set('Authorization', `Bearer ${this.token}`);

  get(path: string) {
    return this.auth(this.t.http().get(path));
  }

  post(path: string, body?: object, headers: Record<string, string> = {}) {
    const r = this.auth(this.t.http().post(path));
    for (const [k, v] of Object.entries(headers)) r.set(k, v);
    return body === undefined ? r : r.send(body);
  }

  /** Any other method (PATCH, PUT, DELETE), with a JSON body when given. */
  send(method: 'patch' | 'put' | 'delete', path: string, body?: object) {
    const r = this.auth(this.t.http()[method](path));
    return body === undefined ? r : r.send(body);
  }

  as(token: string) {
    return new OnrampClient(this.t, token);
  }

  async registerOrganisation(type = 'acute', odsCode = newOdsCode()) {
    const res = await this.post('/api/v1/organisations', { odsCode, name: `Test organisation ${odsCode}`, type });
    expectStatus(res, 201);
    return res.body.odsCode as string;
  }

  async createToken(organisation: string | null, role: string) {
    const res = await this.post('/api/v1/tokens', { ...(organisation ? { organisation } : {}), role, label: `${role} for tests` });
    expectStatus(res, 201);
    return res.body.token as string;
  }

  async addPerson(ods: string, role: string, name = `Person ${role}`) {
    const res = await this.post(`/api/v1/organisations/${ods}/people`, { name, email: `${role}.${randomBytes(3).toString('hex')}@example.nhs.uk`, role });
    expectStatus(res, 201);
    return res.body.id as string;
  }

  async startRun(ods: string, goLiveDate = inDays(200)) {
    const res = await this.post(`/api/v1/organisations/${ods}/onboarding`, { goLiveDate });
    expectStatus(res, 201);
    return res.body as { version: number; steps: StepJson[]; catalogueVersion: string; goLiveDate: string };
  }

  async run(ods: string) {
    const res = await this.get(`/api/v1/organisations/${ods}/onboarding`);
    expectStatus(res, 200);
    return res.body as { version: number; steps: StepJson[]; catalogueVersion: string; goLiveDate: string };
  }

  step(ods: string, stepId: string, action: string, body?: object, headers?: Record<string, string>) {
    return this.post(`/api/v1/organisations/${ods}/onboarding/steps/${stepId}/${action}`, body ?? {}, headers);
  }

  /** Completion body with a reference for every evidence requirement of the step. */
  static evidenceFor(step: StepJson) {
    return {
      evidence: step.evidenceRequired.map((e) => ({ key: e.key, reference: `https://intranet.example.nhs.uk/evidence/${e.key}` })),
      note: 'done in test',
    };
  }
}

/**
 * An organisation with its leads' tokens, a contributor's (who does work the leads then sign off:
 * four eyes refuses a sign-off by whoever completed the step) and a started run.
 */
export async function organisationWithRun(t: TestApp, type = 'acute') {
  const admin = new OnrampClient(t, t.adminToken);
  const ods = await admin.registerOrganisation(type);
  const lead = admin.as(await admin.createToken(ods, 'implementation-lead'));
  const clinical = admin.as(await admin.createToken(ods, 'clinical-lead'));
  const worker = admin.as(await admin.createToken(ods, 'contributor'));
  const run = await lead.startRun(ods);
  return { admin, ods, lead, clinical, worker, run };
}

export function expectStatus(res: Response, status: number) {
  if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
}

// ---------------------------------------------------------------------------------------------
// Helpers for the refusal suites (malformed input, tenancy and auth).

export interface ProblemExpectation {
  status: number;
  /** The stable `code`; a RegExp where several codes are acceptable. */
  code: string | RegExp;
  /** A field the problem must name, in `field` or in `errors[].field`. */
  field?: string;
}

/** The fields a problem names: its `field`, and the `field` of each validation error. */
export function problemFields(body: unknown): string[] {
  const b = (body ?? {}) as { field?: unknown; errors?: { field?: unknown }[] };
  const fields = [b.field, ...(Array.isArray(b.errors) ? b.errors.map((e) => e?.field) : [])];
  return fields.filter((f): f is string => typeof f === 'string');
}

/** Asserts an `application/problem+json` answer with the given status, stable code and named field. */
export function expectProblem(res: Response, expected: ProblemExpectation) {
  const body = (res.body ?? {}) as Record<string, unknown>;
  const seen = {
    status: res.status,
    contentType: String(res.headers['content-type'] ?? '')
      .split(';')[0]
      .trim(),
    bodyStatus: body.status,
    code: body.code,
    detail: typeof body.detail,
  };
  // The body is on both sides so that a failure prints it in full.
  expect({ ...seen, body }).toEqual({
    status: expected.status,
    contentType: 'application/problem+json',
    bodyStatus: expected.status,
    code: typeof expected.code === 'string' ? expected.code : expect.stringMatching(expected.code),
    detail: 'string',
    body,
  });
  if (expected.field !== undefined) expect({ fields: problemFields(body), body }).toEqual({ fields: expect.arrayContaining([expected.field]), body });
}

/** POSTs a body exactly as given (no JSON encoding by supertest), with the given content type. */
export function postRaw(t: TestApp, token: string, path: string, body: string | Buffer, contentType = 'application/json') {
  return t.http().post(path).set('Authorization', `Bearer ${token}`).set('Content-Type', contentType).send(body);
}

/**
 * Everything a write could change, read through the API as the admin (organisations, people, run
 * version, audit trail and its head) plus the two tables the API never lists. Two equal snapshots
 * mean nothing was written in between.
 */
export async function observableState(t: TestApp, odsCodes: string[]) {
  const admin = new OnrampClient(t, t.adminToken);
  const organisations = await admin.get('/api/v1/organisations');
  expectStatus(organisations, 200);
  const perOrganisation: Record<string, unknown> = {};
  for (const ods of odsCodes) {
    const [people, run, audit] = await Promise.all([
      admin.get(`/api/v1/organisations/${ods}/people`),
      admin.get(`/api/v1/organisations/${ods}/onboarding`),
      admin.get(`/api/v1/organisations/${ods}/audit?limit=500`),
    ]);
    const trail = (audit.body.items ?? []) as { seq: number; hash: string }[];
    perOrganisation[ods] = {
      people: people.status === 200 ? (people.body.items as { id: string }[]).map((p) => p.id) : people.body.code,
      run: run.status === 200 ? { version: run.body.version, goLiveDate: run.body.goLiveDate } : run.body.code,
      audit: { length: trail.length, head: trail.at(-1)?.hash ?? null },
    };
  }
  const count = async (table: string) => Number(((await t.db.sql(`select count(*) as n from ${table}`)) as { n: number | string }[])[0].n);
  return {
    organisations: (organisations.body.items as { odsCode: string; name: string }[]).map((o) => `${o.odsCode} ${o.name}`),
    perOrganisation,
    apiTokens: await count('api_tokens'),
    idempotencyKeys: await count('idempotency_keys'),
  };
}
