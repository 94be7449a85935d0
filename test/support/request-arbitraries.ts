import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { inDays } from './onramp-client';
import { placeholders, type JsonSchema, type OpenApiParameter, type Operation } from './openapi-operations';

/**
 * Whole HTTP requests to one OpenAPI operation, built from fast-check arbitraries: a realistic
 * request (drawn from the seeded and current state, so it can reach the handler and succeed) with
 * none, one or a few of its parts made hostile: a path parameter, the tenant, the query, a header,
 * the body. One fault at a time is what finds the defect behind each guard; a few at once finds
 * the guards that run in the wrong order.
 *
 * Generators follow the operation's own parameters and schema; field, parameter and action names
 * only choose a pool of realistic values, so an operation nobody taught the harness about is still
 * exercised with schema-shaped and hostile input.
 */

/** What the suite seeded through the API, for realistic values. */
export interface FuzzWorld {
  /** The organisation the role tokens belong to, with a run. */
  ownOds: string;
  /** Another tenant's organisation (different type, with a run): invisible to `ownOds` tokens. */
  otherOds: string;
  /** A registered organisation that has not started onboarding. */
  freshOds: string;
  /** `Bearer` secrets by who holds them (admin, national-team, each role of ownOds, other-tenant, revoked). */
  tokens: Record<string, string>;
  /** People recorded for each organisation. */
  people: Record<string, string[]>;
  /** The job engine's queues, as `GET /api/v1/jobs` lists them. */
  queues: string[];
}

/** The state that changes as generated requests succeed, read when a request is built. */
export interface LiveState {
  /** The organisation's run steps and version, or null when it has no run. */
  run(ods: string): Promise<{ version: number; goLiveDate: string; steps: LiveStep[] } | null>;
  /** Organisations registered (by the seed or by generated requests) that have not started onboarding. */
  withoutRun(): string[];
  /** Ids of tokens nobody authenticates with, so revoking one does not lock the suite out. */
  revocableTokenIds(): string[];
}

export interface LiveStep {
  id: string;
  status: string;
  evidence: string[];
  /** Every step it depends on is done or waived. */
  unblocked: boolean;
}

export interface BodySpec {
  /** What the generator built, for failure reports. */
  description: string;
  /** The JSON value the bytes encode, when they encode one. */
  value?: unknown;
  bytes: Buffer;
}

export interface FuzzRequest {
  operation: Operation;
  /** Which parts were made hostile; empty for a request meant to be valid. */
  faults: Fault[];
  /** Already percent-encoded (or deliberately not), exactly as sent. */
  path: string;
  headers: Record<string, string>;
  body: BodySpec | null;
}

// ---------------------------------------------------------------------------------------------
// Strings

/**
 * Percent-encodes like encodeURIComponent, but a lone surrogate becomes the three bytes WTF-8 gives
 * it (ED A0 80 for U+D800) instead of a thrown URIError: invalid UTF-8 the server has to cope with.
 */
export function percentEncode(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff)
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    else out += encodeURIComponent(char);
  }
  return out;
}

/** True when a string holds a UTF-16 code unit that is half of a pair with no other half. */
export const hasLoneSurrogate = (s: string) => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

/** Every string anywhere inside a JSON value (keys included). */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...stringsIn(v)]);
  return [];
}

const LONE_SURROGATES = ['\ud800', '\udfff', 'a\ud800b', '\udc00\ud800', 'reason long enough \udbff'];
const CONTROL = ['\u0000', 'a\u0000b', '\u0007bell', 'line\r\nX-Injected: yes', '\u001b[31mred', '\u007f', '\u0085next line', '\u2028\u2029', '\ufeffbom'];
const UNICODE = ['Zoë Ñúñez', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '👩🏽‍⚕️👨‍👩‍👧', 'مرحبا بالعالم', 'e\u0301\u0301\u0301', 'ﬀ ı ſ ß', '\u200b\u200d\u2060', 'İstanbul'];
const INJECTION = [
  '{{constructor}}',
  '{{{html}}}',
  '<script>alert(1)</script>',
  "'; drop table people; --",
  '../../etc/passwd',
  '=HYPERLINK("x")',
  '%s%n%x',
  '${7*7}',
];
export const EXTREME_DATES = ['9999-12-31', '0000-01-01', '0001-01-01', '1970-01-01', '2024-02-29', '2026-02-29', '2026-13-01', '99999-01-01', '+275760-09-13'];

/** Strings a careless parser, validator, template or database trips on. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...LONE_SURROGATES) },
  { weight: 2, arbitrary: fc.constantFrom(...CONTROL) },
  { weight: 1, arbitrary: fc.constantFrom(...UNICODE) },
  { weight: 1, arbitrary: fc.constantFrom(...INJECTION) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '   \t ', 'null', 'undefined', 'true', '0', '-1', 'NaN', '[]', '{}') },
  { weight: 1, arbitrary: fc.constantFrom(...EXTREME_DATES, '2027-04-01T00:00:00Z', inDays(-1), inDays(0), inDays(1), ` ${inDays(100)} `, inDays(365 * 60)) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom(10, 1001, 2001, 10_000, 300_000).map((n) => 'x'.repeat(n)) },
);

// ---------------------------------------------------------------------------------------------
// Faults

const FAULTS = [
  'path',
  'tenancy',
  'query',
  'authorization',
  'content-type',
  'content-encoding',
  'idempotency-key',
  'if-match',
  'body',
  'other-headers',
] as const;
export type Fault = (typeof FAULTS)[number];

/** How often each part is the one made hostile: the body most, since most of the API's rules are about it. */
function faultWeight(f: Fault, op: Operation) {
  if (f === 'body') return op.bodySchema ? 6 : 1;
  if (f === 'path') return 2;
  if (f === 'query') return op.queryParameters.length ? 3 : 1;
  return 1;
}

function faultsArbitrary(op: Operation): fc.Arbitrary<Fault[]> {
  const applicable = FAULTS.filter((f) => f !== 'path' || placeholders(op.path).length > 0);
  const one = fc.oneof(...applicable.map((f) => ({ weight: faultWeight(f, op), arbitrary: fc.constant(f) })));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant<Fault[]>([]) },
    { weight: 8, arbitrary: one.map((f) => [f]) },
    { weight: 2, arbitrary: fc.uniqueArray(one, { minLength: 2, maxLength: 3 }) },
  );
}

// ---------------------------------------------------------------------------------------------
// Who asks, about which organisation

/** Holders whose tokens may act on `ownOds`, weighted towards those who can write. */
const OWN_HOLDERS = [
  'implementation-lead',
  'implementation-lead',
  'clinical-lead',
  'clinical-lead',
  'contributor',
  'viewer',
  'admin',
  'admin',
  'national-team',
];

type Tenant = { ods: string; holder: string };

function validTenant(world: FuzzWorld, live: LiveState): fc.Arbitrary<Tenant> {
  const withoutRun = live.withoutRun();
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...OWN_HOLDERS).map((holder) => ({ ods: world.ownOds, holder })) },
    { weight: 1, arbitrary: fc.constantFrom('other-tenant implementation-lead', 'admin').map((holder) => ({ ods: world.otherOds, holder })) },
    // Registered organisations without a run, as the admin: where starting a run succeeds.
    ...(withoutRun.length ? [{ weight: 1, arbitrary: fc.constantFrom(...withoutRun).map((ods) => ({ ods, holder: 'admin' })) }] : []),
  );
}

function wrongTenant(world: FuzzWorld): fc.Arbitrary<Tenant> {
  return fc.oneof(
    fc.constantFrom('implementation-lead', 'clinical-lead', 'viewer').map((holder) => ({ ods: world.otherOds, holder })),
    fc.constantFrom(world.ownOds, world.freshOds).map((ods) => ({ ods, holder: 'other-tenant implementation-lead' })),
    fc.constantFrom(world.ownOds, world.otherOds).map((ods) => ({ ods, holder: 'fresh implementation-lead' })),
    fc.constant({ ods: world.ownOds, holder: 'revoked' }),
  );
}

/** Header values Node's HTTP client will send at all: latin-1 without CR, LF or NUL. */
const headerJunk = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c === 0x7f ? 0x7e : c)), maxLength: 40 }),
  fc.constantFrom('', ' ', '\t', 'null', 'é', 'ÿÿÿÿ'),
);

function badAuthorisation(token: string): fc.Arbitrary<string | null> {
  return fc.oneof(
    fc.constant(null),
    fc.constantFrom('Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', `Bearer ${'a'.repeat(300)}`, 'Bearer onr_', 'Token abc', 'Bearer \u00e9\u00e9\u00e9'),
    fc.constantFrom(`Bearer  ${token}`, `Bearer ${token}x`, `Bearer ${token} ${token}`, `Bearer ${token.slice(0, -1)}`, `${token}`, `Bearer\t${token}`),
    headerJunk.map((j) => `Bearer ${j}`),
    headerJunk,
  );
}

// ---------------------------------------------------------------------------------------------
// Path parameters

/** Path segments as sent: already encoded, or deliberately malformed encodings and traversal. */
const junkSegment: fc.Arbitrary<string> = fc.oneof(
  hostileString.filter((s) => s.length < 5000).map(percentEncode),
  fc.constantFrom('%', '%zz', '%FF', '%C0%AF', '%00', '%ED%A0%80', '%E2%80%AE', '%0D%0AX-Injected:%20yes'),
  fc.constantFrom('..', '.', '%2e%2e', '..%2F..%2F..%2Fetc%2Fpasswd', '../..', '..%5C..', 'a%2Fb', '%2F'),
  fc.constantFrom(150, 201, 2000).map((n) => 'A'.repeat(n)),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.stringMatching(/^[A-Za-z0-9]{1,9}$/),
  fc.stringMatching(/^(core|acute|mental-health)\.[a-z-]{1,30}$/),
);

/** Statuses in which a step action can succeed, by the action's name (the path's last segment). */
const ACTION_STATUSES: Record<string, (s: LiveStep) => boolean> = {
  start: (s) => s.status === 'not-started',
  complete: (s) => (s.status === 'not-started' || s.status === 'in-progress') && s.unblocked,
  'sign-off': (s) => s.status === 'awaiting-sign-off',
  waive: (s) => s.status === 'not-started' || s.status === 'in-progress',
  reopen: (s) => s.status === 'done' || s.status === 'waived',
  assign: (s) => s.status !== 'done' && s.status !== 'waived',
};

/** The path parameters the harness has realistic values for; any other name gets junk only (and the suite says so). */
export const KNOWN_PATH_PARAMETERS = ['ods', 'stepId', 'id', 'queue', 'personId'];

// ---------------------------------------------------------------------------------------------
// Query

function validQueryValue(p: OpenApiParameter, world: FuzzWorld): fc.Arbitrary<string> {
  const s = p.schema ?? {};
  if (s.enum?.length) return fc.constantFrom(...s.enum.map(String));
  if (s.type === 'number' || s.type === 'integer') return fc.integer({ min: s.minimum ?? 1, max: s.maximum ?? 1000 }).map(String);
  if (p.name === 'organisation') return fc.constantFrom(world.ownOds, world.otherOds, world.ownOds.toLowerCase());
  return fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 });
}

const junkQueryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', 'abc', '1.5', '-1', '0', '1e400', '0x10', ' 5', '9'.repeat(40), 'true', 'null', '[1]', '{"a":1}'),
  hostileString.filter((s) => s.length < 5000),
);

const param = (name: string, value: string) => `${percentEncode(name)}=${percentEncode(value)}`;

function queryArbitrary(op: Operation, world: FuzzWorld, faulty: boolean): fc.Arbitrary<string> {
  const valid = op.queryParameters.map((p) =>
    fc.option(
      validQueryValue(p, world).map((v) => param(p.name, v)),
      { nil: '' },
    ),
  );
  const validQuery = fc.tuple(...valid).map((parts) => parts.filter(Boolean));
  if (!faulty) return validQuery.map((parts) => (parts.length ? `?${parts.join('&')}` : ''));
  const named = op.queryParameters.map((p) =>
    fc.oneof(
      junkQueryValue.map((v) => [param(p.name, v)]),
      // Repeated parameters arrive as arrays in most parsers.
      fc.tuple(validQueryValue(p, world), junkQueryValue).map(([a, b]) => [param(p.name, a), param(p.name, b)]),
    ),
  );
  const unknown = fc.oneof(
    fc.tuple(fc.constantFrom('format', 'debug', '__proto__', 'constructor', 'limit[]', 'a[b]', 'x'), junkQueryValue).map(([k, v]) => [param(k, v)]),
    fc.constantFrom(['&&'], ['='], ['%zz=%zz'], ['a=%ED%A0%80'], ['=x'], [';'], ['a=1#frag']),
  );
  return fc
    .tuple(validQuery, fc.oneof(...named, unknown))
    .map(([ok, bad]) => `?${[...ok.filter((q) => !bad.some((b) => b.split('=')[0] === q.split('=')[0])), ...bad].join('&')}`);
}

// ---------------------------------------------------------------------------------------------
// Headers

const BAD_CONTENT_TYPES = [
  'application/json; charset=utf-16',
  'application/json; charset=utf-16le',
  'application/json; charset=iso-8859-1',
  'application/json; charset=',
  'application/json; boundary=x',
  'application/problem+json',
  'application/vnd.api+json',
  'application/jsonx',
  'text/json',
  'text/plain',
  'text/html; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/octet-stream',
  'application/xml',
  '*/*',
  '',
  ';',
  'json',
];
/** Spellings of JSON in UTF-8 that must all be accepted. */
const GOOD_CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=UTF-8',
  'application/json;charset="utf-8"',
  'APPLICATION/JSON',
];

const headerArbitraries = {
  contentType: (faulty: boolean) =>
    faulty
      ? fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...BAD_CONTENT_TYPES) },
          { weight: 1, arbitrary: fc.constant(null) },
          { weight: 1, arbitrary: headerJunk },
        )
      : fc.oneof({ weight: 6, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom(...GOOD_CONTENT_TYPES) }),
  contentEncoding: (faulty: boolean) =>
    faulty
      ? fc.oneof(fc.constantFrom('gzip', 'deflate', 'br', 'zstd', 'x-unknown', 'gzip, gzip', 'compress', 'identity, gzip'), headerJunk)
      : fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant('identity') }),
  idempotencyKey: (faulty: boolean) =>
    faulty
      ? fc.oneof(
          { weight: 1, arbitrary: fc.constant('fuzz-reused-key') },
          { weight: 2, arbitrary: fc.constantFrom('', ' ', 'retry 1', 'clé-1', 'k'.repeat(256), 'k'.repeat(8000), 'k'.repeat(20_000)) },
        )
      : fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.uuid() }),
  otherHeaders: (faulty: boolean) =>
    faulty
      ? fc.record({
          accept: fc.option(fc.constantFrom('application/json', 'text/html', 'application/xml', '*/*', 'text/csv;q=0.1, */*;q=0', 'nonsense'), { nil: null }),
          'x-correlation-id': fc.option(fc.oneof(fc.constant('x'.repeat(65)), headerJunk), { nil: null }),
          'x-forwarded-for': fc.option(headerJunk, { nil: null }),
          'accept-language': fc.option(headerJunk, { nil: null }),
        })
      : fc.constant({}),
};

// ---------------------------------------------------------------------------------------------
// Bodies

interface BodyContext {
  world: FuzzWorld;
  ods: string;
  /** The step in the path, so evidence keys can be the ones that step requires. */
  step: LiveStep | undefined;
  /** The run's current version, for expectedVersion. */
  version: number | undefined;
}

/** Realistic values for a body field, by its name; null when the name says nothing. */
function hintedValue(name: string, ctx: BodyContext): fc.Arbitrary<unknown> | null {
  const { world } = ctx;
  switch (name) {
    case 'odsCode':
      return fc.stringMatching(/^[A-Z0-9]{3,8}$/).map((s) => `F${s}`);
    case 'organisation':
      return fc.constantFrom(world.ownOds, world.otherOds, world.freshOds);
    case 'personId': {
      const own = world.people[ctx.ods] ?? world.people[world.ownOds];
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...own) }, { weight: 1, arbitrary: fc.constantFrom(...world.people[world.otherOds]) });
    }
    case 'goLiveDate':
      return fc.integer({ min: 14, max: 900 }).map((d) => inDays(d));
    case 'email':
      return fc.stringMatching(/^[a-z]{1,12}$/).map((s) => `${s}@example.nhs.uk`);
    case 'name':
      return fc.constantFrom('Priya Shah', 'Royal Test Hospitals NHS Trust', 'Zoë Ñúñez', 'Seán O’Brien');
    case 'label':
      return fc.constantFrom('Fuzz token', 'Laptop of the IT lead');
    case 'reason':
      return fc.constantFrom('Not applicable: tertiary referrals only', 'The board moved the date to align with the PAS upgrade');
    case 'note':
      return fc.constantFrom('Reviewed with the clinical lead', 'Done\nwith two lines');
    case 'reference':
      return fc.constantFrom('https://intranet.example.nhs.uk/evidence/1', 'DOC-2026-0042');
    case 'expectedVersion':
      return ctx.version === undefined
        ? fc.integer({ min: 0, max: 40 })
        : fc.oneof({ weight: 4, arbitrary: fc.constant(ctx.version) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }) });
    case 'evidence': {
      const full = (ctx.step?.evidence ?? []).map((key) => ({ key, reference: `https://intranet.example.nhs.uk/evidence/${key}` }));
      return fc.oneof({ weight: 4, arbitrary: fc.constant(full) }, { weight: 1, arbitrary: fc.subarray(full) });
    }
    default:
      return null;
  }
}

/** A value the schema admits, preferring realistic values where the field's name says what it is. */
function schemaValue(schema: JsonSchema, name: string, ctx: BodyContext): fc.Arbitrary<unknown> {
  const hint = hintedValue(name, ctx);
  if (hint) return hint;
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'object': {
      const required = new Set(schema.required ?? []);
      const entries = Object.entries(schema.properties ?? {});
      return fc.record(Object.fromEntries(entries.map(([k, s]) => [k, schemaValue(s, k, ctx)])), {
        requiredKeys: entries.filter(([k]) => required.has(k)).map(([k]) => k),
      });
    }
    case 'array':
      return fc.array(schemaValue(schema.items ?? {}, `${name}[]`, ctx), { maxLength: 3 });
    case 'number':
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000 });
    case 'boolean':
      return fc.boolean();
    case 'string':
      if (schema.example !== undefined) return fc.constant(schema.example);
      return fc.string({ unit: 'grapheme-ascii', minLength: Math.max(schema.minLength ?? 1, 1), maxLength: Math.min(schema.maxLength ?? 40, 40) });
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function nested(depth: number): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** A JSON value chosen to break something: null, wrong type, extreme number, hostile string, odd shape. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(true, false, 0, -0, -1, 1.5, 2 ** 31, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308, 5e-324) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>([], {}, [null], [''], { key: 'x' }) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 400 }).map((depth) => nested(depth)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

type Mutation =
  | { kind: 'taint'; at: number; fragment: string; where: 'start' | 'middle' | 'end' }
  | { kind: 'null-field'; at: number }
  | { kind: 'delete'; at: number }
  | { kind: 'set'; at: number; value: unknown }
  | { kind: 'add'; at: number; key: string; value: unknown }
  | { kind: 'wrap'; at: number }
  | { kind: 'stringify'; at: number };

/** Fragments that keep a valid string's length and type but not its innocence. */
const TAINTS = [
  '\ud800',
  '\udfff',
  '\udbff',
  '\u0000',
  '\u0007',
  '\r\n',
  '\u001b',
  '\u007f',
  '\u2028',
  '\ufeff',
  '\u202e',
  '👩🏽‍⚕️',
  'e\u0301',
  '{{x}}',
  '<b>',
  '"',
  '\\',
  '=',
  ' ',
];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // A valid string with one hostile character in it: the mutation that gets past validation to the handler and the database.
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('taint' as const),
      at: fc.nat(),
      fragment: fc.constantFrom(...TAINTS),
      where: fc.constantFrom('start' as const, 'middle' as const, 'end' as const),
    }),
  },
  // Missing and null fields, at the top level where a handler reads them.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('null-field' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.constant(null) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: hostileValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      at: fc.nat(),
      key: fc.oneof(fc.constantFrom('isAdmin', '__proto__', 'constructor', 'prototype', 'status', 'organisation', 'role', ''), fc.string({ maxLength: 12 })),
      value: hostileValue,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wrap' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stringify' as const), at: fc.nat() }) },
);

/** Sets an own property, even one called `__proto__`, so it is serialised rather than becoming a prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Every place inside a value a mutation can act on, leaves first so that most mutations hit one field; [] is the value itself. */
function locations(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const inner = Array.isArray(value)
    ? value.flatMap((v, i) => locations(v, [...at, i]))
    : value && typeof value === 'object'
      ? Object.entries(value).flatMap(([k, v]) => locations(v, [...at, k]))
      : [];
  return [...inner, at];
}

/** Applies mutations to a copy (by JSON, which keeps an own `__proto__` key where structuredClone would not). */
export function mutate(valid: unknown, mutations: Mutation[]): unknown {
  let root: unknown = JSON.parse(JSON.stringify(valid ?? null));
  const get = (p: (string | number)[]) => p.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root);
  const replace = (p: (string | number)[], next: unknown) => {
    if (p.length === 0) return void (root = next);
    const parent = get(p.slice(0, -1)) as Record<string | number, unknown>;
    const key = p[p.length - 1];
    if (Array.isArray(parent)) parent[key as number] = next;
    else setOwn(parent, String(key), next);
  };
  for (const m of mutations) {
    const all = locations(root);
    const strings = all.filter((p) => typeof get(p) === 'string');
    const fields = all.filter((p) => p.length === 1 && typeof p[0] === 'string');
    const places = m.kind === 'taint' && strings.length ? strings : m.kind === 'null-field' && fields.length ? fields : all;
    const place = places[m.at % places.length];
    const current = get(place);
    switch (m.kind) {
      case 'taint': {
        const text = typeof current === 'string' ? current : '';
        const i = m.where === 'start' ? 0 : m.where === 'end' ? text.length : Math.floor(text.length / 2);
        replace(place, text.slice(0, i) + m.fragment + text.slice(i));
        break;
      }
      case 'delete': {
        if (place.length === 0) break;
        const parent = get(place.slice(0, -1));
        const key = place[place.length - 1];
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete (parent as Record<string, unknown>)[key];
        break;
      }
      case 'null-field':
        replace(place, null);
        break;
      case 'set':
        replace(place, m.value);
        break;
      case 'add':
        if (current && typeof current === 'object' && !Array.isArray(current)) setOwn(current as Record<string, unknown>, m.key, m.value);
        else if (Array.isArray(current)) current.push(m.value);
        break;
      case 'wrap':
        replace(place, [current]);
        break;
      case 'stringify':
        replace(place, typeof current === 'string' ? current : JSON.stringify(current));
        break;
    }
  }
  return root;
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const json = (description: string, value: unknown): BodySpec => ({ description, value, bytes: utf8(JSON.stringify(value) ?? '') });

/** Bytes that are not the JSON the operation wants: broken, empty, oddly encoded or absurdly nested. */
function rawJunk(valid: unknown): fc.Arbitrary<BodySpec> {
  const text = JSON.stringify(valid ?? {});
  const rest = text.length > 2 ? `, ${text.slice(1)}` : '}';
  const key = valid && typeof valid === 'object' && !Array.isArray(valid) ? (Object.keys(valid)[0] ?? 'reason') : 'reason';
  const raw = (description: string, bytes: Buffer): BodySpec => ({ description, bytes });
  const inString = (description: string, bytes: number[]) =>
    raw(description, Buffer.concat([utf8(`{"${key}": "ab`), Buffer.from(bytes), utf8('cd long enough"}')]));
  return fc.oneof(
    fc.constantFrom(
      raw('empty', Buffer.alloc(0)),
      raw('a space', utf8(' ')),
      raw('the word null', utf8('null')),
      raw('undefined', utf8('undefined')),
      raw('NaN', utf8(`{"${key}": NaN}`)),
      raw('a huge exponent', utf8(`{"${key}": 1e999999}`)),
      raw('single quotes', utf8(`{'${key}': 'x'}`)),
      raw('a trailing comma', utf8(`{"${key}": "long enough value",}`)),
      raw('a comment', utf8(`{/* c */"${key}": 1}`)),
      raw('two documents', utf8(`${text}${text}`)),
      raw('trailing garbage', utf8(`${text}garbage`)),
      raw('a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(text)])),
      raw('UTF-16LE with a byte order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])),
      raw('UTF-16LE without a byte order mark', Buffer.from(text, 'utf16le')),
      inString('invalid UTF-8 (0xFF 0xFE) in a string', [0xff, 0xfe]),
      inString('a WTF-8 lone surrogate in a string', [0xed, 0xa0, 0x80]),
      inString('an overlong NUL in a string', [0xc0, 0x80]),
      inString('a raw NUL byte in a string', [0x00]),
      raw('duplicate keys', utf8(`{"${key}": 1${rest}`)),
      raw('10,000 levels of arrays', utf8(`{"${key}": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`)),
      raw('unbalanced nesting', utf8('['.repeat(5_000))),
      raw('a prototype-poisoning key', utf8(`{"__proto__": {"isAdmin": true}${rest}`)),
      raw('a constructor.prototype key', utf8(`{"constructor": {"prototype": {"isAdmin": true}}${rest}`)),
      raw('gzip bytes', gzipSync(utf8(text))),
    ),
    fc.nat({ max: Math.max(text.length - 1, 0) }).map((n) => raw(`JSON truncated after ${n} characters`, utf8(text.slice(0, n)))),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => raw('random bytes', Buffer.from(bytes))),
    fc.string({ unit: 'binary', maxLength: 40 }).map((s) => raw('random text', utf8(s))),
  );
}

function bodyArbitrary(op: Operation, ctx: BodyContext, faulty: boolean): fc.Arbitrary<BodySpec | null> {
  if (!op.bodySchema) {
    if (!faulty) return fc.constant(null);
    return fc.oneof(
      fc.constantFrom({}, [], { unexpected: true }).map((v) => json('a JSON body the operation does not take', v)),
      rawJunk({}),
    );
  }
  const valid = schemaValue(op.bodySchema, '(body)', ctx);
  if (!faulty) return fc.oneof({ weight: 8, arbitrary: valid.map((v) => json('valid for the schema', v)) }, { weight: 1, arbitrary: fc.constant(null) });
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 }))
        .map(([v, ms]) => json(`valid, then ${ms.map((m) => m.kind).join(', ')}`, mutate(v, ms))),
    },
    // Where a field takes dates, the edges of the calendar (year 9999, year 0, a 30th of February).
    {
      weight: 1,
      arbitrary: fc.tuple(valid, fc.constantFrom(...EXTREME_DATES)).map(([v, date]) =>
        json(
          `valid, with every date ${date}`,
          JSON.parse(JSON.stringify(v), (_k, x: unknown) => (typeof x === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(x) ? date : x)),
        ),
      ),
    },
    { weight: 2, arbitrary: valid.chain(rawJunk) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<unknown>(null, [], 'hello', 42, true).map((v) => json('not an object', v)),
    },
  );
}

// ---------------------------------------------------------------------------------------------

/**
 * One request to the operation, generated inside the property (fast-check's `gen`) because the
 * realistic values depend on state the previous requests changed: which steps can be completed now,
 * which organisations have no run yet, the run's current ETag.
 */
export async function buildRequest(op: Operation, world: FuzzWorld, live: LiveState, g: fc.GeneratorValue): Promise<FuzzRequest> {
  const faults = g(() => faultsArbitrary(op));
  const faulty = (f: Fault) => faults.includes(f);
  const names = placeholders(op.path);

  // Without an organisation in the path, only the holder matters: admin-only operations get the admin often enough to succeed.
  const tenant = g(() =>
    faulty('tenancy')
      ? wrongTenant(world)
      : names.includes('ods')
        ? validTenant(world, live)
        : fc.constantFrom('admin', 'admin', 'admin', ...Object.keys(world.tokens)).map((holder) => ({ ods: world.ownOds, holder })),
  );
  const run = names.includes('ods') || names.includes('stepId') ? await live.run(tenant.ods) : null;
  const action = op.path.split('/').at(-1) ?? '';
  const suitable = run?.steps.filter(ACTION_STATUSES[action] ?? (() => true)) ?? [];
  const step = run && run.steps.length ? g(() => fc.constantFrom(...(suitable.length ? suitable : run.steps))) : undefined;

  const realistic = (name: string): string => {
    switch (name) {
      case 'ods':
        return tenant.ods;
      case 'stepId':
        return step?.id ?? 'core.appoint-implementation-lead';
      case 'id':
        return g(() => fc.constantFrom(...live.revocableTokenIds()));
      case 'queue':
        return g(() => fc.constantFrom(...world.queues));
      case 'personId': {
        // The organisation's own people mostly; now and then another organisation's, which must be a 404.
        const own = world.people[tenant.ods] ?? [];
        const other = world.people[tenant.ods === world.otherOds ? world.ownOds : world.otherOds] ?? [];
        return g(() =>
          own.length
            ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...own) }, { weight: 1, arbitrary: fc.constantFrom(...other) })
            : fc.constantFrom(...other),
        );
      }
      default:
        return g(() => junkSegment);
    }
  };
  // A path fault breaks one parameter; the others stay realistic so the fault is what is judged.
  const broken = faulty('path') ? g(() => fc.constantFrom(...names)) : null;
  const brokenSegment = (name: string) =>
    g(() =>
      name === 'ods'
        ? fc.oneof(junkSegment, fc.constantFrom(tenant.ods.toLowerCase(), `%20${tenant.ods}%20`, `${tenant.ods}%00`, 'ZZ9UNREG'))
        : name === 'stepId' && step
          ? fc.oneof(junkSegment, fc.constantFrom(step.id.toUpperCase(), `${step.id}%20`, `${step.id}/`, `${step.id}%2F..`))
          : junkSegment,
    );
  const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => (name === broken ? brokenSegment(name) : percentEncode(realistic(name))));
  const query = g(() => queryArbitrary(op, world, faulty('query')));

  const token = world.tokens[tenant.holder];
  const authorization = faulty('authorization') ? g(() => badAuthorisation(token)) : `Bearer ${token}`;
  const ifMatch = faulty('if-match')
    ? g(() =>
        fc.oneof(
          fc.integer({ min: 0, max: 40 }).map((n) => `"${n}"`),
          fc.constantFrom('garbage', '7', '"-1"', '"1234567890"', '"1", "2"', '""', 'W/', '"1', '"999999999"'),
          headerJunk,
        ),
      )
    : run && g(() => fc.boolean())
      ? g(() => fc.constantFrom(`"${run.version}"`, `W/"${run.version}"`, '*'))
      : null;

  const body = g(() => bodyArbitrary(op, { world, ods: tenant.ods, step, version: run?.version }, faulty('body')));
  const headers: Record<string, string | null> = {
    authorization,
    'if-match': ifMatch,
    'idempotency-key': g(() => headerArbitraries.idempotencyKey(faulty('idempotency-key'))),
    ...g(() => headerArbitraries.otherHeaders(faulty('other-headers'))),
  };
  // A body's headers travel with a body, or alone when they are the fault (Content-Type on an empty POST).
  if (body || faulty('content-type')) headers['content-type'] = g(() => headerArbitraries.contentType(faulty('content-type')));
  if (body || faulty('content-encoding')) headers['content-encoding'] = g(() => headerArbitraries.contentEncoding(faulty('content-encoding')));

  const sent: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== null) sent[k] = v;
  return { operation: op, faults, path: path + query, headers: sent, body };
}
