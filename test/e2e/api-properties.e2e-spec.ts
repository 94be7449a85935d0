import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { MailWorker } from '../../apps/onramp/src/notifications/mail/mail-worker';
import { fingerprintDifferences, listFiles, openFingerprinter, type DatabaseFingerprinter, type Fingerprint } from '../support/database-fingerprint';
import { OnrampClient, expectStatus, newOdsCode } from '../support/onramp-client';
import { HTTP_METHODS, listOperations, placeholders, type OpenApiDocument, type Operation } from '../support/openapi-operations';
import { sendRaw, type RawResponse } from '../support/raw-http';
import { KNOWN_PATH_PARAMETERS, buildRequest, type FuzzRequest, type FuzzWorld, type LiveState, type LiveStep } from '../support/request-arbitraries';
import { startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKinds } from '../support/test-database';

/**
 * Property-based tests over the whole API: every operation the OpenAPI document lists gets generated
 * path parameters, queries, headers and bodies, realistic and hostile, and every answer must keep
 * the guarantees that hold for all input:
 *
 * - no 5xx, and nothing but 2xx or 4xx;
 * - every 4xx is application/problem+json with a `code` and a `detail`;
 * - a refusal (any 4xx, and any 5xx) and any GET write nothing: every table the database catalogue
 *   lists is fingerprinted before and after, and no mail file appears;
 * - a 2xx body parses as what its Content-Type says, and a rendered one shows no "Invalid Date";
 * - a request body is only accepted as JSON in UTF-8 without a content coding;
 * - an empty body is not refused where the operation needs no field;
 * - a bad credential never succeeds, and another organisation's data answers 404;
 * - no token secret appears in an answer, and an issued token is stored nowhere in plain text.
 *
 * Budget: ONRAMP_FUZZ_RUNS requests per database (default 450), shared out by each operation's surface
 * (body, query and path parameters); shrinking a failure is capped at ONRAMP_FUZZ_SHRINK_BUDGET runs.
 * Reproduce a failure with the ONRAMP_FUZZ_SEED it prints (and ONRAMP_FUZZ_ONLY=<operationId> to
 * run one operation). ONRAMP_FUZZ_VERBOSE=1 prints the status histogram.
 */

const RUNS = Number(process.env.ONRAMP_FUZZ_RUNS ?? 450);
// Fixed, so a run is repeatable; chosen among a few because at the default budget it reaches most of the known defects below.
const SEED = Number(process.env.ONRAMP_FUZZ_SEED ?? 15);
const ONLY = process.env.ONRAMP_FUZZ_ONLY;
const VERBOSE = process.env.ONRAMP_FUZZ_VERBOSE === '1';
/** Predicate runs allowed for shrinking after an operation's first failure: shrinking helps, but must not take minutes. */
const SHRINK_BUDGET = Number(process.env.ONRAMP_FUZZ_SHRINK_BUDGET ?? 60);

/**
 * Tables allowed to change when a request is refused, each with the reason (and nothing else without
 * a reason as good).
 */
const CHANGES_ON_REFUSAL = new Map<string, string>([
  ['auth_failures', 'the failed-authentication limiter counts every refused credential, by design (its lockout has its own suite)'],
]);

type PropertyId =
  | 'no-5xx'
  | 'status-class'
  | 'problem-json'
  | 'nothing-written'
  | '2xx-parses'
  | 'json-only'
  | 'empty-body'
  | 'credentials-required'
  | 'tenants-invisible'
  | 'secrets-kept';

interface Outcome {
  req: FuzzRequest;
  res: RawResponse;
  /** The parsed body when it is JSON. */
  json: unknown;
  violations: { property: PropertyId; detail: string }[];
}

const problemCode = (o: Outcome) => (o.json as { code?: unknown } | undefined)?.code;
const charsetOf = (contentType: string | undefined) => /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType ?? '')?.[1]?.toLowerCase();

/** No Content-Encoding, an empty one, or `identity`: the body is the bytes as sent. */
const noContentCoding = (encoding: string | undefined) => encoding === undefined || ['', 'identity'].includes(encoding.trim().toLowerCase());

/** A media type the API accepts request bodies in: JSON, in UTF-8 (said or not). */
function acceptableBodyType(contentType: string | undefined) {
  if (contentType === undefined) return false;
  const [type] = contentType.split(';');
  const charset = charsetOf(contentType);
  return type.trim().toLowerCase() === 'application/json' && (charset === undefined || charset === 'utf-8');
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)) };
  } catch {
    return { ok: false };
  }
}

/** Whether the operation's body schema needs no field, so an empty body means "no fields". */
const needsNoField = (op: Operation) => !op.bodySchema || (op.bodySchema.required ?? []).length === 0;

describe.each(testDatabaseKinds())('every API operation under generated input, on %s', (kind) => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let operations: Operation[];
  let world: FuzzWorld;
  /** Organisations without a run and tokens nobody uses, kept up to date as generated requests succeed. */
  let withoutRun: string[];
  let revocableTokenIds: string[];
  let fingerprinter: DatabaseFingerprinter;
  let origin: { host: string; port: number };
  // A connection per request: the server closes one after some refusals (431), which must not fail the next request.
  const agent = new Agent({ keepAlive: false });

  beforeAll(async () => {
    // Generated requests send hundreds of bad credentials from one address: a limit they never reach,
    // so the lockout (tested in auth-failure-limit.e2e-spec.ts) does not refuse everything after them.
    t = await startTestApp(kind, { backgroundJobs: false, nationalRecipients: ['national.team@example.nhs.uk'], authFailureLimit: 100_000 });
    await t.app.listen(0, '127.0.0.1');
    const address = t.app.getHttpServer().address() as AddressInfo;
    origin = { host: '127.0.0.1', port: address.port };
    const res = await t.http().get('/api/docs-json');
    expectStatus(res, 200);
    doc = res.body as OpenApiDocument;
    operations = listOperations(doc);
    ({ world, withoutRun, revocableTokenIds } = await seed(t));
    fingerprinter = await openFingerprinter(t.db, new Set(CHANGES_ON_REFUSAL.keys()));
  });
  afterAll(async () => {
    agent.destroy();
    await fingerprinter?.close();
    await t?.close();
  });

  /** The fingerprint and mail files after the last generated request; null when something else may have written since. */
  let settled: { tables: Fingerprint; mail: string[] } | null = null;
  /** Runs as last read; a successful write may have changed any of them, so it empties this. */
  const runs = new Map<string, Awaited<ReturnType<LiveState['run']>>>();

  const live: LiveState = {
    async run(ods) {
      if (!runs.has(ods)) runs.set(ods, await readRun(ods));
      return runs.get(ods)!;
    },
    withoutRun: () => withoutRun,
    revocableTokenIds: () => revocableTokenIds,
  };

  async function readRun(ods: string) {
    const res = await t.http().get(`/api/v1/organisations/${ods}/onboarding`).set('Authorization', `Bearer ${t.adminToken}`);
    if (res.status !== 200) return null;
    const steps = res.body.steps as { id: string; status: string; dependsOn: string[]; evidenceRequired: { key: string }[] }[];
    const done = new Set(steps.filter((s) => s.status === 'done' || s.status === 'waived').map((s) => s.id));
    return {
      version: res.body.version as number,
      goLiveDate: res.body.goLiveDate as string,
      steps: steps.map((s): LiveStep => ({
        id: s.id,
        status: s.status,
        evidence: s.evidenceRequired.map((e) => e.key),
        unblocked: s.dependsOn.every((d) => done.has(d)),
      })),
    };
  }

  /** What a success changed that later requests should know: a new organisation, a started run, a new token. */
  function learn(o: Outcome) {
    if (o.res.status < 200 || o.res.status >= 300 || o.req.operation.method !== 'POST') return;
    const body = (o.json ?? {}) as { odsCode?: unknown; id?: unknown; token?: unknown };
    if (o.req.operation.path === '/api/v1/organisations' && typeof body.odsCode === 'string') withoutRun = [...withoutRun, body.odsCode];
    if (o.req.operation.path === '/api/v1/tokens' && typeof body.id === 'string') revocableTokenIds = [...revocableTokenIds, body.id];
    if (o.req.operation.path.endsWith('/{ods}/onboarding')) {
      const started = /\/organisations\/([^/]+)\/onboarding/.exec(o.req.path)?.[1];
      withoutRun = withoutRun.filter(
        (ods) =>
          ods !==
          decodeURIComponent(started ?? '')
            .trim()
            .toUpperCase(),
      );
    }
  }

  /** Who holds a secret, so failure reports never print one. */
  const holderOf = (header: string | undefined) => {
    if (header === undefined) return undefined;
    let shown = header;
    for (const [holder, secret] of Object.entries(world.tokens)) shown = shown.split(secret).join(`<${holder} token>`);
    return shown.length > 200 ? `${shown.slice(0, 200)}… (${shown.length} characters)` : shown;
  };

  const clip = (s: string, n = 400) => (s.length > n ? `${s.slice(0, n)}… (${s.length} characters)` : s);

  function describeOutcome(o: Outcome) {
    const headers = Object.fromEntries(Object.entries(o.req.headers).map(([k, v]) => [k, k === 'authorization' ? holderOf(v) : clip(v, 120)]));
    return [
      `${o.req.operation.method} ${clip(o.req.path, 300)}   (faults: ${o.req.faults.join(', ') || 'none'})`,
      `  headers: ${JSON.stringify(headers)}`,
      `  body: ${o.req.body ? `${o.req.body.description}: ${clip(JSON.stringify(o.req.body.bytes.toString('utf8')))}` : '(none)'}`,
      `  → ${o.res.status} ${String(o.res.headers['content-type'] ?? '')} ${clip(o.res.body.toString('utf8'))}`,
      ...o.violations.map((v) => `  ✗ ${v.property}: ${v.detail}`),
    ].join('\n');
  }

  /** Sends one request and judges the answer against every property. */
  async function exercise(req: FuzzRequest): Promise<Outcome> {
    // The state after the previous request is the state before this one: only these requests write.
    const before = settled ?? { tables: await fingerprinter.fingerprint(), mail: listFiles(t.config.mailDir) };
    const [beforeTables, beforeMail] = [before.tables, before.mail];
    const res = await sendRaw(agent, origin, { method: req.operation.method, path: req.path, headers: req.headers, body: req.body?.bytes ?? null });
    // Mail a success queued is delivered now, so it can never be mistaken for a write by the next request.
    await t.app.get(MailWorker).drain();
    const afterTables = await fingerprinter.fingerprint();
    const afterMail = listFiles(t.config.mailDir);
    settled = { tables: afterTables, mail: afterMail };
    if (res.status >= 200 && res.status < 300 && req.operation.method !== 'GET') runs.clear();

    const contentType = String(res.headers['content-type'] ?? '');
    const parsed = /json/i.test(contentType) ? parseJson(res.body) : ({ ok: false } as const);
    const o: Outcome = { req, res, json: parsed.ok ? parsed.value : undefined, violations: [] };
    const fail = (property: PropertyId, detail: string) => o.violations.push({ property, detail });

    if (res.status >= 500) fail('no-5xx', `answered ${res.status}`);
    else if (!(res.status >= 200 && res.status < 300) && !(res.status >= 400 && res.status < 500)) fail('status-class', `answered ${res.status}`);

    if (res.status >= 400 && res.status < 500) {
      const p = (o.json ?? {}) as { code?: unknown; detail?: unknown; status?: unknown };
      const problems = [
        !/^application\/problem\+json(;|$)/.test(contentType) && `Content-Type is "${contentType}"`,
        typeof p.code !== 'string' && 'no string `code`',
        typeof p.detail !== 'string' && 'no string `detail`',
        p.status !== res.status && `body status ${String(p.status)}`,
      ].filter(Boolean);
      if (problems.length) fail('problem-json', problems.join('; '));
    }

    if (res.status >= 400 || req.operation.method === 'GET') {
      const tables = fingerprintDifferences(beforeTables, afterTables);
      const mail = afterMail.filter((f) => !beforeMail.includes(f));
      if (Object.keys(tables).length || mail.length) {
        fail(
          'nothing-written',
          `${res.status >= 400 ? 'refused' : 'a GET'} but changed ${JSON.stringify(tables)}${mail.length ? ` and wrote mail ${mail.join(', ')}` : ''}`,
        );
      }
    }

    if (res.status >= 200 && res.status < 300) {
      if (/json/i.test(contentType)) {
        if (!parsed.ok) fail('2xx-parses', `Content-Type ${contentType} but the body is not JSON`);
      } else {
        try {
          const rendered = new TextDecoder('utf-8', { fatal: true }).decode(res.body);
          if (!contentType) fail('2xx-parses', 'no Content-Type');
          // What a template shows when it was handed a broken date or an object: never user input here.
          const broken = rendered.match(/Invalid Date|\[object Object\]/);
          if (broken) fail('2xx-parses', `the ${contentType} body shows "${broken[0]}"`);
        } catch {
          fail('2xx-parses', `Content-Type ${contentType} but the body is not UTF-8`);
        }
      }
      const body = req.body?.bytes;
      if (req.operation.method !== 'GET' && body && body.length > 0) {
        const encoding = req.headers['content-encoding'];
        if (!acceptableBodyType(req.headers['content-type']) || !noContentCoding(encoding)) {
          fail(
            'json-only',
            `a body sent as ${JSON.stringify(req.headers['content-type'])}${encoding ? ` with Content-Encoding ${encoding}` : ''} was accepted`,
          );
        }
      }
    }

    // A broken or missing credential never gets an answer from a secured operation; nor does a token of another organisation.
    if (req.faults.includes('authorization') && req.operation.secured && res.status < 300)
      fail('credentials-required', `answered ${res.status} to a bad credential`);
    if (req.faults.includes('tenancy') && placeholders(req.operation.path).includes('ods')) {
      const only = req.faults.length === 1;
      const expected = req.headers.authorization === `Bearer ${world.tokens.revoked}` ? [401] : [404];
      if (res.status < 300 || (only && !expected.includes(res.status))) {
        fail('tenants-invisible', `answered ${res.status} about another organisation (expected ${only ? expected.join('/') : 'a refusal'})`);
      }
    }

    // Secrets: none of the seeded tokens ever appears in an answer, and a token the API hands out is stored nowhere in plain text.
    const text = res.body.toString('utf8');
    const echoed = Object.entries(world.tokens).filter(([, secret]) => text.includes(secret));
    if (echoed.length) fail('secrets-kept', `the answer contains the ${echoed.map(([h]) => h).join(', ')} token`);
    const issued = (o.json as { token?: unknown } | undefined)?.token;
    if (res.status < 300 && typeof issued === 'string') {
      const stored = await fingerprinter.tablesContaining(issued);
      if (stored.length) fail('secrets-kept', `the token it issued is stored in plain text in ${stored.join(', ')}`);
    }

    // Only the body is off, and it is empty: for an operation that needs no field that is "no fields", not bad input.
    if (req.faults.length === 1 && req.faults[0] === 'body' && req.body?.bytes.length === 0 && needsNoField(req.operation) && res.status === 400) {
      fail('empty-body', `an empty body was refused (${String(problemCode(o))}), though the operation needs no field`);
    }

    return o;
  }

  it('enumerates every path × method of the OpenAPI document, and can exercise each', () => {
    const listed = Object.values(doc.paths).flatMap((item) => Object.keys(item).filter((m) => (HTTP_METHODS as readonly string[]).includes(m)));
    expect(operations).toHaveLength(listed.length);
    // A floor, so an empty or truncated document cannot pass as "every operation": the API had 30 when this was written.
    expect(operations.length).toBeGreaterThanOrEqual(30);
    expect(operations.map((o) => o.name)).toEqual(
      expect.arrayContaining([
        'POST /api/v1/organisations/{ods}/onboarding/steps/{stepId}/complete',
        'GET /api/v1/reports/portfolio',
        'POST /api/v1/tokens/{id}/revoke',
      ]),
    );
    const unexercisable = operations.flatMap((op) => [
      ...placeholders(op.path)
        .filter((name) => !KNOWN_PATH_PARAMETERS.includes(name))
        .map((name) => `${op.name}: no realistic values for {${name}}; teach request-arbitraries.ts where they come from`),
      ...op.otherBodyMediaTypes.map((m) => `${op.name}: request body as ${m}, which the harness cannot build`),
      ...(op.pathParameters.length === placeholders(op.path).length ? [] : [`${op.name}: the path's placeholders and its path parameters disagree`]),
    ]);
    expect(unexercisable).toEqual([]);
  });

  it('notices an insert, an update in place and a mail file, so "nothing was written" can fail', async () => {
    const admin = new OnrampClient(t, t.adminToken);
    const before = await fingerprinter.fingerprint();
    await admin.addPerson(world.freshOds, 'clinician');
    const afterInsert = await fingerprinter.fingerprint();
    expect(Object.keys(fingerprintDifferences(before, afterInsert))).toEqual(expect.arrayContaining(['people', 'audit_events']));

    // Revoking changes one column of one row: the row count stays, the digest must not.
    const spare = await admin.post('/api/v1/tokens', { organisation: world.freshOds, role: 'viewer', label: 'Fingerprint check' });
    expectStatus(spare, 201);
    const beforeUpdate = await fingerprinter.fingerprint();
    expectStatus(await admin.post(`/api/v1/tokens/${spare.body.id}/revoke`), 200);
    const afterUpdate = await fingerprinter.fingerprint();
    expect(afterUpdate.api_tokens.rows).toBe(beforeUpdate.api_tokens.rows);
    expect(fingerprintDifferences(beforeUpdate, afterUpdate)).toHaveProperty('api_tokens');

    const mailBefore = listFiles(t.config.mailDir);
    expectStatus(await admin.post('/api/v1/reports/compliance/send'), 202);
    await t.app.get(MailWorker).drain();
    expect(listFiles(t.config.mailDir).length).toBeGreaterThan(mailBefore.length);
  });

  it(
    `keeps every property for ${RUNS} generated requests spread over the operations`,
    async () => {
      settled = null;
      runs.clear();
      const selected = operations.filter((op) => !ONLY || op.operationId === ONLY);
      expect(selected.length).toBeGreaterThan(0);
      // The budget follows each operation's surface: a body, query and path parameters each give more to get wrong than GET /health.
      const surface = (op: Operation) => 1 + (op.bodySchema ? 3 : 0) + op.queryParameters.length + op.pathParameters.length;
      const totalSurface = selected.reduce((n, op) => n + surface(op), 0);
      const runsFor = (op: Operation) => Math.max(3, Math.round((RUNS * surface(op)) / totalSurface));
      const statuses = new Map<string, Map<number, number>>();
      const reports: string[] = [];

      for (const op of selected) {
        let failedOnce = false;
        let shrinkRuns = 0;
        let first: Outcome | null = null;
        const property = fc.asyncProperty(fc.gen(), async (g) => {
          if (failedOnce && ++shrinkRuns > SHRINK_BUDGET) return true;
          const req = await buildRequest(op, world, live, g);
          const o = await exercise(req);
          learn(o);
          if (!failedOnce) {
            const byStatus = statuses.get(op.name) ?? new Map<number, number>();
            byStatus.set(o.res.status, (byStatus.get(o.res.status) ?? 0) + 1);
            statuses.set(op.name, byStatus);
          }
          if (o.violations.length === 0) return true;
          first ??= o;
          failedOnce = true;
          throw new Error(describeOutcome(o));
        });
        // Per operation, from its place in the document, so ONRAMP_FUZZ_ONLY makes the same random choices for it.
        const seed = SEED + operations.indexOf(op);
        const details = await fc.check(property, { numRuns: runsFor(op), seed, endOnFailure: SHRINK_BUDGET === 0 });
        if (details.failed) {
          const shrunk = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
          reports.push(
            [
              `${op.name} (operationId ${op.operationId}; reproduce with ONRAMP_FUZZ_SEED=${SEED} ONRAMP_FUZZ_RUNS=${RUNS}, or narrow with ONRAMP_FUZZ_ONLY=${op.operationId}, which skips the writes of the operations before it; fast-check seed ${seed}, path ${details.counterexamplePath})`,
              `smallest failing request after ${details.numShrinks} shrinks:`,
              shrunk,
              ...(first && describeOutcome(first) !== shrunk ? ['first failing request:', describeOutcome(first)] : []),
            ].join('\n'),
          );
        }
      }

      // Every operation was reached past routing and authentication at least once, or it was not really exercised.
      const unreached = selected
        .filter((op) => ![...(statuses.get(op.name) ?? new Map<number, number>()).keys()].some((s) => s !== 401 && s !== 404))
        .map((op) => op.name);
      if (VERBOSE) {
        process.stdout.write(
          `${kind}: ${selected.length} operations, ${selected.reduce((n, op) => n + runsFor(op), 0)} requests\n` +
            [...statuses].map(([name, s]) => `  ${name}: ${JSON.stringify(Object.fromEntries(s))}`).join('\n') +
            '\n',
        );
      }
      expect(reports.join('\n\n')).toBe('');
      expect(unreached).toEqual([]);
    },
    Math.max(600_000, RUNS * 400),
  );
});

/** Two organisations of different types with runs and people, tokens of every role for one, a national-team token. */
async function seed(t: TestApp): Promise<{ world: FuzzWorld; withoutRun: string[]; revocableTokenIds: string[] }> {
  const admin = new OnrampClient(t, t.adminToken);
  const ownOds = await admin.registerOrganisation('acute', newOdsCode('F'));
  const otherOds = await admin.registerOrganisation('mental-health', newOdsCode('G'));
  const freshOds = await admin.registerOrganisation('independent-sector', newOdsCode('H'));

  const tokens: Record<string, string> = { admin: t.adminToken, 'national-team': await admin.createToken(null, 'national-team') };
  for (const role of ['implementation-lead', 'clinical-lead', 'contributor', 'viewer']) tokens[role] = await admin.createToken(ownOds, role);
  tokens['other-tenant implementation-lead'] = await admin.createToken(otherOds, 'implementation-lead');
  tokens['fresh implementation-lead'] = await admin.createToken(freshOds, 'implementation-lead');
  const revoked = await admin.post('/api/v1/tokens', { organisation: ownOds, role: 'clinical-lead', label: 'Revoked before the run' });
  expectStatus(revoked, 201);
  expectStatus(await admin.post(`/api/v1/tokens/${revoked.body.id}/revoke`), 200);
  tokens.revoked = revoked.body.token;

  const revocableTokenIds: string[] = [];
  for (const ods of [ownOds, otherOds]) {
    const spare = await admin.post('/api/v1/tokens', { organisation: ods, role: 'viewer', label: 'Spare token to revoke' });
    expectStatus(spare, 201);
    revocableTokenIds.push(spare.body.id);
  }

  const people: Record<string, string[]> = { [ownOds]: [], [otherOds]: [], [freshOds]: [] };
  for (const role of ['implementation-lead', 'clinical-lead', 'clinician']) people[ownOds].push(await admin.addPerson(ownOds, role));
  people[otherOds].push(await admin.addPerson(otherOds, 'implementation-lead'));
  people[freshOds].push(await admin.addPerson(freshOds, 'it-lead'));

  const lead = admin.as(tokens['implementation-lead']);
  for (const ods of [ownOds, otherOds]) await admin.startRun(ods);
  // The first step done, so the steps that depend on it can be completed by generated requests.
  const ownRun = await admin.run(ownOds);
  const firstStep = ownRun.steps.find((s) => s.dependsOn.length === 0)!;
  expectStatus(await lead.step(ownOds, firstStep.id, 'complete', OnrampClient.evidenceFor(firstStep)), 200);
  const jobs = await admin.get('/api/v1/jobs');
  expectStatus(jobs, 200);
  const queues = (jobs.body.queues as { queue: string }[]).map((q) => q.queue);
  expect(queues.length).toBeGreaterThan(0);
  return { world: { ownOds, otherOds, freshOds, tokens, people, queues }, withoutRun: [freshOds], revocableTokenIds };
}
