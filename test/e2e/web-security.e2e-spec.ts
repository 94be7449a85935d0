import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { symbols, type Logger } from 'pino';
import request, { type Response } from 'supertest';
import { AccountService, SessionService } from '../../apps/onramp/src/identity';
import { MailWorker } from '../../apps/onramp/src/notifications/mail/mail-worker';
import { LOGGER } from '../../apps/onramp/src/platform/logging/logger';
import type { Clock } from '../../apps/onramp/src/shared/domain/clock';
import { fingerprintDifferences, openFingerprinter, type DatabaseFingerprinter } from '../support/database-fingerprint';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider';
import { OnrampClient, expectProblem, expectStatus, newOdsCode, organisationWithRun } from '../support/onramp-client';
import { SmtpSink } from '../support/smtp-sink';
import { startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKinds } from '../support/test-database';
import { aPassword, aPerson, formToken, type TestPerson } from '../support/web-session';

/**
 * The web application attacked as the issue asks it to be judged: sign-in and enumeration,
 * where a sign-in may send the browser, session fixation, timeouts, CSRF on every form (found in
 * the route table, so a form added later is covered without anyone listing it), brute force,
 * the emailed links, security headers, tenancy on pages, OpenID Connect through the pages, and
 * personal access tokens. Refusals are checked to have written nothing (database fingerprint).
 *
 * One application per database, with a clock the suite moves (session timeouts and links), the
 * failure limits small (LIMITS) and X-Forwarded-For believed (trustProxy), so each simulated
 * browser comes from an address of its own and no test inherits another's failure count. Every
 * log line the application writes is kept in memory (pino's stream is swapped after start-up):
 * the suite prints nothing, and checks that no secret it saw was ever logged.
 */

const PUBLIC_URL = 'http://127.0.0.1:3000';
const CALLBACK = `${PUBLIC_URL}/sign-in/oidc/callback`;
/** A second instance on the same database, as people reach Onramp in production. */
const HTTPS_URL = 'https://onramp.example';
const LIMITS = { authFailureLimit: 5, accountFailureLimit: 3, authFailureWindowSeconds: 60, authFailureBlockSeconds: 3 };
const SESSIONS = { sessionIdleMinutes: 30, sessionAbsoluteHours: 2 };
const MINUTE = 60_000;

/** The application's clock: real time plus however far the suite has moved it (only ever forwards). */
class MovableClock implements Clock {
  private offsetMs = 0;
  now = () => new Date(Date.now() + this.offsetMs);
  advance(ms: number) {
    this.offsetMs += ms;
  }
}

let addresses = 0;
/** A client address of its own for every simulated browser (RFC 1918 space, never reused in a run). */
const newAddress = () => {
  const n = ++addresses;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

interface SetCookie {
  name: string;
  value: string;
  attributes: Map<string, string>;
  line: string;
}

function setCookies(res: Response): SetCookie[] {
  const raw = res.headers['set-cookie'] as unknown;
  const lines = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  return lines.map((line) => {
    const [pair, ...rest] = line.split(';').map((p) => p.trim());
    const eq = pair.indexOf('=');
    const attributes = new Map(
      rest.map((a) => {
        const i = a.indexOf('=');
        return i < 0 ? [a.toLowerCase(), ''] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)];
      }),
    );
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes, line };
  });
}

const deletes = (c: SetCookie) => c.attributes.get('max-age') === '0' || /1970/.test(c.attributes.get('expires') ?? '');

/**
 * What a browser enforces about cookie name prefixes (RFC 6265bis §4.1.3): a `__Host-` cookie is
 * refused unless Secure, Path=/ and without Domain; a `__Secure-` one unless Secure. A cookie the
 * browser refuses is silently not set (or, for a deletion, not deleted).
 */
function browserAccepts(c: SetCookie): boolean {
  if (c.name.startsWith('__Host-')) return c.attributes.has('secure') && c.attributes.get('path') === '/' && !c.attributes.has('domain');
  if (c.name.startsWith('__Secure-')) return c.attributes.has('secure');
  return true;
}

/**
 * A browser without the browser: a cookie jar and an address of its own (sent as X-Forwarded-For),
 * over the application's HTTP server, never following redirects. `plant` sets a cookie the way an
 * attacker with a foothold on a sibling subdomain or a shared computer could.
 */
class Browser {
  readonly jar = new Map<string, string>();

  constructor(
    private readonly t: TestApp,
    readonly address = newAddress(),
  ) {}

  get cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  plant(name: string, value: string) {
    this.jar.set(name, value);
  }

  async get(path: string, headers: Record<string, string> = {}) {
    let r = request(this.t.app.getHttpServer()).get(path).set('X-Forwarded-For', this.address).redirects(0);
    if (this.jar.size) r = r.set('Cookie', this.cookieHeader);
    for (const [k, v] of Object.entries(headers)) r = r.set(k, v);
    return this.keep(await r);
  }

  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    let r = request(this.t.app.getHttpServer())
      .post(path)
      .set('X-Forwarded-For', this.address)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .redirects(0);
    if (this.jar.size) r = r.set('Cookie', this.cookieHeader);
    for (const [k, v] of Object.entries(headers)) r = r.set(k, v);
    return this.keep(await r.send(new URLSearchParams(fields).toString()));
  }

  /** Loads `page`, then posts `fields` to `action` with the CSRF token of the page's first form. */
  async submit(page: string, action: string, fields: Record<string, string>) {
    const shown = await this.get(page);
    if (shown.status !== 200) throw new Error(`${page} answered ${shown.status}, not a page with a form`);
    return this.post(action, { _csrf: formToken(shown.text), ...fields });
  }

  /** The CSRF token this browser's pages carry now. */
  async token(page = '/account') {
    const shown = await this.get(page);
    if (shown.status !== 200) throw new Error(`${page} answered ${shown.status}: no token to read`);
    return formToken(shown.text);
  }

  private keep(res: Response): Response {
    for (const c of setCookies(res)) {
      if (!browserAccepts(c)) continue;
      if (deletes(c)) this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
    return res;
  }
}

const decode = (s: string) =>
  s
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The words of the page's main content, as a person reads them. */
function mainText(html: string): string {
  const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? html;
  return decode(main.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The whole page with what differs on every response (nonce, CSRF token, correlation id) taken out. */
function comparable(html: string, replace: [string, string][] = []): string {
  let out = html
    .replace(/nonce="[^"]*"/g, 'nonce="…"')
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value="…"')
    .replace(/reference [A-Za-z0-9._:-]+/g, 'reference …');
  for (const [from, to] of replace) out = out.split(from).join(to);
  return out;
}

/** Where a redirect sends the browser is a path of this site (as a browser resolves it, tabs and newlines removed). */
function isSameSitePath(location: string | undefined): boolean {
  if (typeof location !== 'string' || !location.startsWith('/') || /^\/[/\\]/.test(location) || /[\s\x00-\x1f\x7f]/.test(location)) return false;
  return new URL(location, `${PUBLIC_URL}/sign-in`).origin === PUBLIC_URL;
}

const CSRF_WORDS = 'This form has expired or did not come from Onramp';

function expectCsrfRefusal(res: Response, what: string) {
  expect({ what, status: res.status, type: res.headers['content-type'], refused: mainText(res.text).includes(CSRF_WORDS) }).toEqual({
    what,
    status: 403,
    type: 'text/html; charset=utf-8',
    refused: true,
  });
}

/**
 * Every route of the Fastify instance, read from its route table (printRoutes draws the radix
 * tree; each line adds its segment to its parent's path), each checked with hasRoute so a
 * misread line fails here rather than shrinking the list.
 */
function routeTable(t: TestApp): { method: string; url: string }[] {
  const fastify = t.app.getHttpAdapter().getInstance();
  const stack: string[] = [];
  const routes: { method: string; url: string }[] = [];
  for (const line of fastify.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:[│ ] {3})*)[└├]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    const path = (depth === 0 ? '' : stack[depth - 1]) + m[2];
    stack.push(path);
    for (const method of (m[3] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean))
      routes.push({ method, url: path });
  }
  for (const r of routes)
    if (!r.url.includes('*') && !fastify.hasRoute({ method: r.method as 'GET', url: r.url })) throw new Error(`misread the route table: ${r.method} ${r.url}`);
  return routes;
}

const isPagePath = (url: string) => !url.startsWith('/api/') && url !== '/api' && !url.startsWith('/health');

/** Every log line the application writes from now on, kept in memory at every level (nothing printed). */
function captureLogs(t: TestApp): string[] {
  const lines: string[] = [];
  const logger = t.app.get<Logger>(LOGGER);
  (logger as unknown as Record<symbol, unknown>)[symbols.streamSym] = { write: (line: string) => void lines.push(line) };
  logger.level = 'trace';
  return lines;
}

describe.each(testDatabaseKinds())('the web application under attack, on %s', (kind) => {
  let t: TestApp;
  let sink: SmtpSink;
  let idp: TestOidcProvider;
  let logs: string[];
  let fingerprinter: DatabaseFingerprinter;
  let cookieName: string;
  const clock = new MovableClock();
  /** Every secret the suite saw (session cookies, links' tokens, access tokens) and what it is: none may be logged or audited. */
  const secrets = new Map<string, 'session' | 'link' | 'access token'>();

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    idp = await startOidcProvider({ redirectUris: [CALLBACK, `${HTTPS_URL}/sign-in/oidc/callback`] });
    t = await startTestApp(kind, {
      clock,
      publicUrl: PUBLIC_URL,
      smtpUrl: sink.url,
      // Mail is delivered when a test says so (drain), so "nothing was sent" can be asserted.
      backgroundJobs: false,
      trustProxy: true,
      ...LIMITS,
      ...SESSIONS,
      oidcEnv: { ONRAMP_OIDC_ISSUER: idp.issuer.href, ONRAMP_OIDC_CLIENT_ID: idp.clientId, ONRAMP_OIDC_CLIENT_SECRET: idp.clientSecret ?? undefined },
    });
    logs = captureLogs(t);
    fingerprinter = await openFingerprinter(t.db, new Set());
    cookieName = t.app.get(SessionService).cookieName;
  });
  afterAll(async () => {
    await fingerprinter?.close();
    await t?.close();
    await idp?.close();
    await sink?.stop();
  });

  const p = (n: number) => (kind === 'sqlite' ? '?' : `$${n}`);
  const sessionsOf = async (userId: string) =>
    Number(((await t.db.sql(`select count(*) as n from sessions where user_id = ${p(1)}`, [userId])) as { n: unknown }[])[0].n);
  const admin = () => new OnrampClient(t, t.adminToken);
  /** There is no endpoint to remove a person yet (another change adds one): the row is marked removed in SQL, as removal will. */
  const removeFromOrganisation = (personId: string) =>
    t.db.sql(`update people set removed_at = ${p(1)} where id = ${p(2)}`, [kind === 'sqlite' ? clock.now().getTime() : clock.now(), personId]);
  const drain = () => t.app.get(MailWorker).drain();

  async function signedIn(person: Pick<TestPerson, 'email' | 'password'>, browser = new Browser(t)) {
    const res = await browser.submit('/sign-in', '/sign-in', { email: person.email, password: person.password });
    expect({ status: res.status, text: res.status === 303 ? '' : mainText(res.text) }).toEqual({ status: 303, text: '' });
    secrets.set(browser.jar.get(cookieName)!, 'session');
    return browser;
  }

  /** A page that needs a session: 200 while it lasts, else the redirect to sign in. */
  const accountPage = (b: Browser) => b.get('/account');
  async function expectSignedOut(b: Browser, what: string) {
    const res = await accountPage(b);
    expect({ what, status: res.status, location: res.headers.location }).toEqual({ what, status: 303, location: '/sign-in?returnTo=%2Faccount' });
  }

  /** An organisation and its implementation lead, who can sign in. */
  async function organisationAndLead(name?: string) {
    const ods = await admin().registerOrganisation();
    const lead = await aPerson(t, { ods, role: 'implementation-lead', name });
    return { ods, lead };
  }

  /** Adds a person through the API (as an implementation lead would) and returns the set-password link of their welcome email. */
  async function invite(ods: string, name = `Invited ${randomBytes(3).toString('hex')}`) {
    const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.nhs.uk`;
    expectStatus(await admin().post(`/api/v1/organisations/${ods}/people`, { name, email, role: 'booking-clerk' }), 201);
    await drain();
    const mails = sink.to(email).filter((m) => /set-password/.test(m.parsed.text ?? ''));
    expect(mails).toHaveLength(1);
    const link = new URL(/(http\S+\/account\/set-password\?token=[\w-]+)/.exec(mails[0].parsed.text ?? '')![1]);
    const token = link.searchParams.get('token')!;
    secrets.set(token, 'link');
    return { email, name, path: `${link.pathname}${link.search}`, token };
  }

  async function resetLinks(email: string) {
    await drain();
    return sink
      .to(email)
      .filter((m) => m.parsed.subject?.toLowerCase().includes('password') && /reset-password\?token=/.test(m.parsed.text ?? ''))
      .map((m) => {
        const link = new URL(/(http\S+\/account\/reset-password\?token=[\w-]+)/.exec(m.parsed.text ?? '')![1]);
        secrets.set(link.searchParams.get('token')!, 'link');
        return { path: `${link.pathname}${link.search}`, token: link.searchParams.get('token')! };
      });
  }

  /** Runs `act` and checks it wrote nothing and sent no mail; `counted` names tables it may write by design (the failure limiter's counts). */
  async function unchanged<T>(what: string, act: () => Promise<T>, counted: string[] = []): Promise<T> {
    await drain();
    const before = await fingerprinter.fingerprint();
    const mailBefore = sink.messages.length;
    const result = await act();
    await drain();
    const changed = fingerprintDifferences(before, await fingerprinter.fingerprint());
    for (const table of counted) delete changed[table];
    expect({ what, changed, mailSent: sink.messages.length - mailBefore }).toEqual({
      what,
      changed: {},
      mailSent: 0,
    });
    return result;
  }

  // ─── 1. Sign-in ────────────────────────────────────────────────────────────────────────────────
  describe('signing in', () => {
    it('answers the right password with 303 and a new session cookie: HttpOnly, SameSite=Lax, Path=/, not Secure over http', async () => {
      const { lead } = await organisationAndLead();
      const b = new Browser(t);
      const res = await b.submit('/sign-in', '/sign-in', { email: lead.email, password: lead.password });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/');
      const session = setCookies(res).find((c) => c.name === 'onramp-session')!;
      expect({ httpOnly: session.attributes.has('httponly'), sameSite: session.attributes.get('samesite'), path: session.attributes.get('path') }).toEqual({
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
      });
      expect(session.attributes.has('secure')).toBe(false);
      expect(session.attributes.has('domain')).toBe(false);
      secrets.set(session.value, 'session');
      const account = await accountPage(b);
      expect(account.status).toBe(200);
      expect(mainText(account.text)).toContain(lead.name);
    });

    it('answers a wrong password, an unknown email and an account with no password yet with the same page and status, and starts no session', async () => {
      const { ods, lead } = await organisationAndLead();
      const invited = await invite(ods);
      const attempts = [
        { email: lead.email, password: aPassword() },
        { email: `nobody.${randomBytes(3).toString('hex')}@example.nhs.uk`, password: aPassword() },
        { email: invited.email, password: aPassword() },
      ];
      const pages: { status: number; page: string; cookies: string[] }[] = [];
      for (const attempt of attempts) {
        const res = await new Browser(t).submit('/sign-in', '/sign-in', attempt);
        pages.push({
          status: res.status,
          page: comparable(res.text, [[attempt.email, '{email}']]),
          cookies: setCookies(res)
            .map((c) => c.name)
            .filter((n) => n === cookieName),
        });
      }
      expect(pages[0].status).toBe(401);
      expect(mainText(pages[0].page)).toContain('Enter a correct email address and password');
      expect(pages[1]).toEqual(pages[0]);
      expect(pages[2]).toEqual(pages[0]);
      expect(pages[0].cookies).toEqual([]);
      expect(await sessionsOf(lead.userId)).toBe(0);
    });

    it('honours a returnTo that is a path of this site', async () => {
      const { lead } = await organisationAndLead();
      const b = new Browser(t);
      const shown = await b.get('/sign-in?returnTo=%2Faccount%3Ftab%3Dtokens');
      expect(shown.text).toContain('name="returnTo" value="/account?tab&#x3D;tokens"');
      const res = await b.post('/sign-in', { _csrf: formToken(shown.text), email: lead.email, password: lead.password, returnTo: '/account?tab=tokens' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/account?tab=tokens');
    });

    const ATTACKS = [
      '//evil.example',
      '//evil.example/account',
      'https://evil.example',
      'http:evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '\\/evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      ' //evil.example',
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '///evil.example',
      '//evil.example@onramp',
    ];
    /** Strings built to look like a way off the site, and arbitrary ones. */
    const returnToValues = fc.oneof(
      fc.constantFrom(...ATTACKS),
      fc
        .tuple(
          fc.constantFrom('//', '/\\', '\\', '\\\\', 'https://', 'http:', 'javascript:', '/\t/', '\t//', ' /', '/%2F', '/./', '', '/'),
          fc.string({ unit: 'binary-ascii', maxLength: 30 }),
        )
        .map(([prefix, rest]) => prefix + rest),
      fc.webUrl(),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
    );

    it('never sends the browser off the site after sign-in, whatever returnTo holds (fast-check, while signed in)', async () => {
      const { lead } = await organisationAndLead();
      const b = await signedIn(lead);
      for (const attack of ATTACKS) {
        const res = await b.get(`/sign-in?returnTo=${encodeURIComponent(attack)}`);
        expect({ attack, status: res.status, location: res.headers.location }).toEqual({ attack, status: 303, location: '/' });
      }
      await fc.assert(
        fc.asyncProperty(returnToValues, async (returnTo) => {
          const res = await b.get(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
          expect({ returnTo, status: res.status, sameSite: isSameSitePath(res.headers.location) }).toEqual({ returnTo, status: 303, sameSite: true });
        }),
        { numRuns: 150 },
      );
    });

    it('never sends the browser off the site from the sign-in form either (fast-check, signing in each time)', async () => {
      const { lead } = await organisationAndLead();
      await fc.assert(
        fc.asyncProperty(returnToValues, async (returnTo) => {
          const res = await new Browser(t).submit('/sign-in', '/sign-in', { email: lead.email, password: lead.password, returnTo });
          expect({ returnTo, status: res.status, sameSite: isSameSitePath(res.headers.location) }).toEqual({ returnTo, status: 303, sameSite: true });
        }),
        { numRuns: 25, examples: ATTACKS.slice(0, 8).map((a) => [a]) },
      );
    });
  });

  describe('over HTTPS', () => {
    let secure: TestApp;
    beforeAll(async () => {
      secure = await startTestApp(kind, {
        reuse: t.db,
        clock,
        publicUrl: HTTPS_URL,
        smtpUrl: sink.url,
        backgroundJobs: false,
        trustProxy: true,
        ...LIMITS,
        ...SESSIONS,
        oidcEnv: { ONRAMP_OIDC_ISSUER: idp.issuer.href, ONRAMP_OIDC_CLIENT_ID: idp.clientId, ONRAMP_OIDC_CLIENT_SECRET: idp.clientSecret ?? undefined },
      });
    });
    afterAll(async () => secure?.close());

    /** Every cookie the response sets is one a browser accepts, HttpOnly, Secure and SameSite=Lax. */
    function expectStrictCookies(res: Response, what: string) {
      for (const c of setCookies(res))
        expect({
          what,
          cookie: c.name,
          accepted: browserAccepts(c),
          secure: c.attributes.has('secure'),
          httpOnly: c.attributes.has('httponly'),
          sameSite: c.attributes.get('samesite'),
        }).toEqual({ what, cookie: c.name, accepted: true, secure: true, httpOnly: true, sameSite: 'Lax' });
    }

    it('uses __Host- cookies (Secure, Path=/, no Domain) for the session and the form, and HSTS', async () => {
      const { lead } = await organisationAndLead();
      const b = new Browser(secure);
      const page = await b.get('/sign-in');
      expectStrictCookies(page, 'the sign-in page');
      expect(setCookies(page).map((c) => c.name)).toEqual(['__Host-onramp-form']);
      expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      const res = await b.post('/sign-in', { _csrf: formToken(page.text), email: lead.email, password: lead.password });
      expect(res.status).toBe(303);
      expectStrictCookies(res, 'signing in');
      const session = setCookies(res).find((c) => c.name === '__Host-onramp-session')!;
      expect(session.attributes.get('path')).toBe('/');
      secrets.set(session.value, 'session');
      expect((await b.get('/account')).status).toBe(200);
    });

    it('signing out deletes the __Host- session cookie in a way a browser accepts (Secure and Path=/ on the deletion too)', async () => {
      const { lead } = await organisationAndLead();
      for (const action of ['/sign-out', '/account/sign-out-everywhere']) {
        const b = new Browser(secure);
        const page = await b.get('/sign-in');
        await b.post('/sign-in', { _csrf: formToken(page.text), email: lead.email, password: lead.password });
        expect(b.jar.has('__Host-onramp-session')).toBe(true);
        const res = await b.submit('/account', action, {});
        expect(res.status).toBe(303);
        expect({
          action,
          deletions: setCookies(res)
            .filter((c) => deletes(c) && browserAccepts(c))
            .map((c) => c.name),
        }).toEqual({
          action,
          deletions: ['__Host-onramp-session'],
        });
        expect(b.jar.has('__Host-onramp-session')).toBe(false);
      }
    });

    it('keeps the single sign-on state in a cookie a browser accepts over HTTPS, for /sign-in/oidc only, and clears it at the callback', async () => {
      const { lead } = await organisationAndLead();
      idp.addAccount({ sub: randomUUID(), email: lead.email, name: lead.name, emailVerified: true });
      const b = new Browser(secure);
      const start = await b.get('/sign-in/oidc');
      expect(start.status).toBe(303);
      expectStrictCookies(start, 'starting single sign-on');
      const [pending] = setCookies(start);
      expect({ name: pending.name, path: pending.attributes.get('path') }).toEqual({ name: '__Secure-onramp-oidc', path: '/sign-in/oidc' });
      const callback = await idp.signIn(new URL(start.headers.location as string), lead.email);
      expect(callback.origin).toBe(HTTPS_URL);
      const res = await b.get(`${callback.pathname}${callback.search}`);
      expect(res.status).toBe(303);
      expect(setCookies(res).every(browserAccepts)).toBe(true);
      expect(b.jar.has(pending.name)).toBe(false);
      expect(b.jar.has('__Host-onramp-session')).toBe(true);
      secrets.set(b.jar.get('__Host-onramp-session')!, 'session');
    });
  });

  // ─── 2. Fixation, sign-out, password changes ────────────────────────────────────────────────────
  describe('session fixation and ending sessions', () => {
    it('never keeps a session cookie planted before sign-in, whatever its value', async () => {
      const { lead } = await organisationAndLead();
      const b = new Browser(t);
      const shown = await b.get('/sign-in');
      const planted = randomBytes(32).toString('base64url');
      b.plant(cookieName, planted);
      const res = await b.post('/sign-in', { _csrf: formToken(shown.text), email: lead.email, password: lead.password });
      expect(res.status).toBe(303);
      expect(b.jar.get(cookieName)).not.toBe(planted);
      const attacker = new Browser(t);
      attacker.plant(cookieName, planted);
      await expectSignedOut(attacker, 'the planted value');
      expect(await sessionsOf(lead.userId)).toBe(1);
    });

    it("does not let a victim sign in to the attacker's planted session: a new session is started and the planted one ends", async () => {
      const { lead: victim } = await organisationAndLead('Victim Person');
      const { lead: attacker } = await organisationAndLead('Attacker Person');
      const attackerBrowser = await signedIn(attacker);
      const planted = attackerBrowser.jar.get(cookieName)!;

      const b = new Browser(t);
      const shown = await b.get('/sign-in');
      b.plant(cookieName, planted);
      const res = await b.post('/sign-in', { _csrf: formToken(shown.text), email: victim.email, password: victim.password });
      expect(res.status).toBe(303);
      expect(b.jar.get(cookieName)).not.toBe(planted);
      const page = await accountPage(b);
      expect(mainText(page.text)).toContain('Victim Person');
      expect(mainText(page.text)).not.toContain('Attacker Person');
      await expectSignedOut(attackerBrowser, "the attacker's planted session");
    });

    it('ends the session at sign-out: the old cookie no longer works and its row is gone', async () => {
      const { lead } = await organisationAndLead();
      const b = await signedIn(lead);
      const old = b.jar.get(cookieName)!;
      const res = await b.submit('/account', '/sign-out', {});
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/sign-in?signedOut=1');
      expect(setCookies(res).some((c) => c.name === cookieName && deletes(c))).toBe(true);
      expect(await sessionsOf(lead.userId)).toBe(0);
      const replay = new Browser(t);
      replay.plant(cookieName, old);
      await expectSignedOut(replay, 'the cookie from before sign-out');
    });

    it('"sign out everywhere" ends every session of the account, and no one else\'s', async () => {
      const { lead } = await organisationAndLead();
      const { lead: other } = await organisationAndLead();
      const [a, b, c] = [await signedIn(lead), await signedIn(lead), await signedIn(lead)];
      const bystander = await signedIn(other);
      expect(await sessionsOf(lead.userId)).toBe(3);
      const res = await a.submit('/account', '/account/sign-out-everywhere', {});
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/sign-in?signedOut=1');
      for (const [name, browser] of [
        ['a', a],
        ['b', b],
        ['c', c],
      ] as const)
        await expectSignedOut(browser, `session ${name}`);
      expect(await sessionsOf(lead.userId)).toBe(0);
      expect((await accountPage(bystander)).status).toBe(200);
    });

    it('a password change ends every other session and gives this browser a new one', async () => {
      const { lead } = await organisationAndLead();
      const [a, b] = [await signedIn(lead), await signedIn(lead)];
      const before = a.jar.get(cookieName)!;
      const password = aPassword();
      const res = await a.submit('/account', '/account/password', { currentPassword: lead.password, password, confirmPassword: password });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/account?done=password');
      expect(a.jar.get(cookieName)).not.toBe(before);
      secrets.set(a.jar.get(cookieName)!, 'session');
      expect((await accountPage(a)).status).toBe(200);
      await expectSignedOut(b, 'the other session');
      const old = new Browser(t);
      old.plant(cookieName, before);
      await expectSignedOut(old, "this browser's cookie from before the change");
      expect(await sessionsOf(lead.userId)).toBe(1);
      expect((await new Browser(t).submit('/sign-in', '/sign-in', { email: lead.email, password: lead.password })).status).toBe(401);
      await signedIn({ email: lead.email, password });
    });
  });

  // ─── 3. Timeouts ──────────────────────────────────────────────────────────────────────────────
  describe('session timeouts', () => {
    it(`ends a session left idle for more than ${SESSIONS.sessionIdleMinutes} minutes: the page sends the browser to sign in and the row is deleted`, async () => {
      const { lead } = await organisationAndLead();
      const b = await signedIn(lead);
      clock.advance((SESSIONS.sessionIdleMinutes - 1) * MINUTE);
      expect((await accountPage(b)).status).toBe(200);
      clock.advance((SESSIONS.sessionIdleMinutes + 1) * MINUTE);
      expect(await sessionsOf(lead.userId)).toBe(1);
      await expectSignedOut(b, 'after the idle time');
      expect(await sessionsOf(lead.userId)).toBe(0);
    });

    it(`keeps a busy session alive until ${SESSIONS.sessionAbsoluteHours} hours after sign-in, then ends it however busy`, async () => {
      const { lead } = await organisationAndLead();
      const b = await signedIn(lead);
      const step = 25 * MINUTE;
      let elapsed = 0;
      while (elapsed + step <= SESSIONS.sessionAbsoluteHours * 60 * MINUTE) {
        clock.advance(step);
        elapsed += step;
        expect({ elapsed: elapsed / MINUTE, status: (await accountPage(b)).status }).toEqual({ elapsed: elapsed / MINUTE, status: 200 });
      }
      clock.advance(step);
      await expectSignedOut(b, 'past the absolute limit');
      expect(await sessionsOf(lead.userId)).toBe(0);
    });
  });

  // ─── 4. CSRF ──────────────────────────────────────────────────────────────────────────────────
  describe('cross-site request forgery', () => {
    it('finds the forms in the route table', () => {
      const posts = routeTable(t).filter((r) => r.method === 'POST' && isPagePath(r.url));
      expect(posts.map((r) => r.url)).toEqual(
        expect.arrayContaining(['/sign-in', '/sign-out', '/account/tokens', '/account/tokens/:id/revoke', '/account/password', '/account/sign-out-everywhere']),
      );
    });

    it("refuses every form posted without a token, with another session's token or with another browser's visitor token: a 403 page and nothing written", async () => {
      const { admin: orgAdmin, ods, run } = await organisationWithRun(t);
      void orgAdmin;
      const lead = await aPerson(t, { ods, role: 'implementation-lead' });
      const victim = await signedIn(lead);
      // What each form would do if it were accepted: sign someone in, change a password, send mail…
      const tokenRes = await victim.submit('/account', '/account/tokens', { label: 'Existing token', organisation: ods });
      expect(tokenRes.status).toBe(201);
      const tokenId = ((await t.db.sql(`select id from api_tokens where user_id = ${p(1)}`, [lead.userId])) as { id: string }[])[0].id;
      const invited = await invite(ods);
      await new Browser(t).submit('/account/reset-password', '/account/forgotten-password', { email: lead.email });
      const [reset] = await resetLinks(lead.email);
      const newPassword = aPassword();
      const wouldWrite: Record<string, Record<string, string>> = {
        '/sign-in': { email: lead.email, password: lead.password },
        '/account/forgotten-password': { email: lead.email },
        '/account/set-password': { token: invited.token, password: newPassword, confirmPassword: newPassword },
        '/account/reset-password': { token: reset.token, password: newPassword, confirmPassword: newPassword },
        '/account/tokens': { label: 'Forged token', organisation: ods },
        '/account/password': { currentPassword: lead.password, password: newPassword, confirmPassword: newPassword },
      };
      const parameters: Record<string, string> = { ods, id: tokenId, stepId: run.steps[0].id };
      const forms = routeTable(t)
        .filter((r) => r.method === 'POST' && isPagePath(r.url))
        .map((r) => ({ route: r.url, path: r.url.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(parameters[name] ?? 'x')) }));

      // Tokens from elsewhere: another person's session, and the visitor cookie of another browser.
      const { lead: someoneElse } = await organisationAndLead();
      const otherSessionToken = await (await signedIn(someoneElse)).token();
      const otherVisitorToken = formToken((await new Browser(t).get('/sign-in')).text);
      const visitor = new Browser(t);
      await visitor.get('/sign-in');

      await unchanged('forged form posts', async () => {
        for (const { route, path } of forms) {
          const fields = { ...(wouldWrite[route] ?? {}), expectedVersion: '1' };
          const signedInAttempts: [string, Record<string, string>][] = [
            ['no token', fields],
            ["another session's token", { ...fields, _csrf: otherSessionToken }],
            ["another browser's visitor token", { ...fields, _csrf: otherVisitorToken }],
            ['an empty token', { ...fields, _csrf: '' }],
          ];
          for (const [how, body] of signedInAttempts) expectCsrfRefusal(await victim.post(path, body), `signed in: POST ${route} with ${how}`);
          expectCsrfRefusal(
            await victim.post(path, fields, { 'X-CSRF-Token': otherSessionToken }),
            `signed in: POST ${route} with another session's token as a header`,
          );
          for (const [how, body] of signedInAttempts) {
            const res = await visitor.post(path, body);
            // A form that needs a session sends a visitor to sign in; a public one refuses the forgery.
            if (res.status === 303) expect({ route, how, location: res.headers.location }).toEqual({ route, how, location: '/sign-in' });
            else expectCsrfRefusal(res, `visitor: POST ${route} with ${how}`);
          }
        }
      });
      expect((await accountPage(victim)).status).toBe(200);
    });

    it("a cross-site form cannot sign a person in (login CSRF): the sign-in form needs the visitor's own form cookie", async () => {
      const { lead: attacker } = await organisationAndLead();
      // The attacker's own page and token; the victim's browser posts the form without the attacker's cookies.
      const token = formToken((await new Browser(t).get('/sign-in')).text);
      await unchanged('a cross-site sign-in', async () => {
        const fresh = new Browser(t);
        expectCsrfRefusal(await fresh.post('/sign-in', { _csrf: token, email: attacker.email, password: attacker.password }), 'no cookies at all');
        const victim = new Browser(t);
        await victim.get('/sign-in');
        const res = await victim.post('/sign-in', { _csrf: token, email: attacker.email, password: attacker.password });
        expectCsrfRefusal(res, "the victim's own visitor cookie with the attacker's token");
        expect(setCookies(res).some((c) => c.name === cookieName)).toBe(false);
      });
      expect(await sessionsOf(attacker.userId)).toBe(0);
    });

    it('the JSON API: a bearer token needs no CSRF token; a session cookie without one is refused and writes nothing', async () => {
      const { ods, lead } = await organisationAndLead();
      const b = await signedIn(lead);
      const person = () => ({ name: 'Sam Okafor', email: `sam.${randomBytes(3).toString('hex')}@example.nhs.uk`, role: 'clinician' });
      const api = (r: request.Test) => r.set('Cookie', b.cookieHeader).set('X-Forwarded-For', b.address);
      await unchanged('API writes with a session cookie and no CSRF token', async () => {
        const res = await api(t.http().post(`/api/v1/organisations/${ods}/people`)).send(person());
        expectProblem(res, { status: 403, code: 'AUTH.CSRF_TOKEN_INVALID' });
        const other = await api(t.http().post(`/api/v1/organisations/${ods}/people`))
          .set('X-CSRF-Token', formToken((await new Browser(t).get('/sign-in')).text))
          .send(person());
        expectProblem(other, { status: 403, code: 'AUTH.CSRF_TOKEN_INVALID' });
        // A cross-site form can only send form or text bodies: the API reads neither.
        for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
          const forged = await request(t.app.getHttpServer())
            .post(`/api/v1/organisations/${ods}/people`)
            .set('Cookie', b.cookieHeader)
            .set('Content-Type', type)
            .send('name=Sam&email=sam%40example.nhs.uk&role=clinician');
          expect({ type, status: forged.status }).toEqual({ type, status: 415 });
        }
      });
      const withToken = await api(t.http().post(`/api/v1/organisations/${ods}/people`))
        .set('X-CSRF-Token', await b.token())
        .send(person());
      expectStatus(withToken, 201);
      const token = await admin().createToken(ods, 'implementation-lead');
      expectStatus(await new OnrampClient(t, token).post(`/api/v1/organisations/${ods}/people`, person()), 201);
    });
  });

  // ─── 5. Brute force ───────────────────────────────────────────────────────────────────────────
  describe('brute force', () => {
    const retryAfter = (res: Response) => Number(res.headers['retry-after']);

    it(`limits failures per address: after ${LIMITS.authFailureLimit} the address gets a 429 page with Retry-After, even with the right password, until the block ends`, async () => {
      const { lead } = await organisationAndLead();
      const address = newAddress();
      const from = () => new Browser(t, address);
      for (let i = 0; i < LIMITS.authFailureLimit; i++) {
        const res = await from().submit('/sign-in', '/sign-in', {
          email: `guess.${i}.${randomBytes(2).toString('hex')}@example.nhs.uk`,
          password: aPassword(),
        });
        expect(res.status).toBe(401);
      }
      const blocked = await from().submit('/sign-in', '/sign-in', { email: `guess.last@example.nhs.uk`, password: aPassword() });
      expect(blocked.status).toBe(429);
      expect(retryAfter(blocked)).toBeGreaterThanOrEqual(1);
      expect(retryAfter(blocked)).toBeLessThanOrEqual(LIMITS.authFailureBlockSeconds);
      expect(mainText(blocked.text)).toContain('Too many failed sign-in attempts from this network');
      const right = await from().submit('/sign-in', '/sign-in', { email: lead.email, password: lead.password });
      expect(right.status).toBe(429);
      expect(retryAfter(right)).toBeGreaterThanOrEqual(1);
      expect(setCookies(right).some((c) => c.name === cookieName)).toBe(false);
      // Another address is not affected.
      await signedIn(lead);
      await waitUntil(
        'the block to end',
        async () => (await from().submit('/sign-in', '/sign-in', { email: lead.email, password: lead.password })).status === 303,
      );
    });

    it(`locks an account after ${LIMITS.accountFailureLimit} wrong passwords from any addresses: the right password is refused (429, Retry-After) until the lock ends`, async () => {
      const { lead } = await organisationAndLead();
      for (let i = 0; i < LIMITS.accountFailureLimit; i++)
        expect((await new Browser(t).submit('/sign-in', '/sign-in', { email: lead.email, password: aPassword() })).status).toBe(401);
      const locked = await new Browser(t).submit('/sign-in', '/sign-in', { email: lead.email, password: aPassword() });
      expect(locked.status).toBe(429);
      expect(mainText(locked.text)).toContain('This account is locked after too many wrong passwords');
      const right = await new Browser(t).submit('/sign-in', '/sign-in', { email: lead.email, password: lead.password });
      expect(right.status).toBe(429);
      expect(retryAfter(right)).toBeGreaterThanOrEqual(1);
      expect(retryAfter(right)).toBeLessThanOrEqual(LIMITS.authFailureBlockSeconds);
      expect(await sessionsOf(lead.userId)).toBe(0);

      // An address nobody has an account for locks the same way, with the same page: the lock tells nothing.
      const unknown = `nobody.${randomBytes(3).toString('hex')}@example.nhs.uk`;
      let lockedUnknown: Response | undefined;
      for (let i = 0; i <= LIMITS.accountFailureLimit; i++)
        lockedUnknown = await new Browser(t).submit('/sign-in', '/sign-in', { email: unknown, password: aPassword() });
      expect(lockedUnknown!.status).toBe(429);
      const minutes = (text: string) => text.replace(/\d+ minutes?/g, 'N minutes');
      expect(minutes(comparable(lockedUnknown!.text, [[unknown, '{email}']]))).toBe(minutes(comparable(locked.text, [[lead.email, '{email}']])));

      // The failure table counts accounts by a digest: no email, nor its local part, in clear.
      const keys = ((await t.db.sql('select key from auth_failures')) as { key: string }[]).map((r) => r.key);
      expect(keys.filter((k) => k.startsWith('account:')).length).toBeGreaterThanOrEqual(2);
      for (const email of [lead.email, unknown])
        expect(keys.filter((k) => k.toLowerCase().includes(email.split('@')[0].toLowerCase()) || k.toLowerCase().includes(email.toLowerCase()))).toEqual([]);
      expect(await fingerprinter.tablesContaining(lead.email)).not.toContain('auth_failures');

      await waitUntil(
        'the lock to end',
        async () => (await new Browser(t).submit('/sign-in', '/sign-in', { email: lead.email, password: lead.password })).status === 303,
      );
    });

    /** How many passwords the application checks while `act` runs (each check is the slow scrypt). */
    async function passwordsChecked(act: () => Promise<unknown>): Promise<number> {
      const spy = jest.spyOn(t.app.get(AccountService), 'checkPassword');
      try {
        await act();
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    }
    /** Sign-in forms loaded first, then posted all at once, as a script guessing in parallel would. */
    async function burst(attempts: { browser: Browser; email: string; password: string }[]) {
      const tokens = await Promise.all(attempts.map((a) => a.browser.token('/sign-in')));
      return Promise.all(attempts.map((a, i) => a.browser.post('/sign-in', { _csrf: tokens[i], email: a.email, password: a.password })));
    }

    it(`checks at most ${LIMITS.accountFailureLimit} passwords of an account however many guesses arrive at once`, async () => {
      const { lead } = await organisationAndLead();
      const attempts = Array.from({ length: 12 }, () => ({ browser: new Browser(t), email: lead.email, password: aPassword() }));
      let answers: Response[] = [];
      const checked = await passwordsChecked(async () => (answers = await burst(attempts)));
      expect({
        checked: checked <= LIMITS.accountFailureLimit,
        refused: answers.filter((r) => r.status === 429).length >= 12 - LIMITS.accountFailureLimit,
      }).toEqual({
        checked: true,
        refused: true,
      });
      expect(answers.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    });

    it(`checks at most ${LIMITS.authFailureLimit} passwords from one address however many guesses arrive at once`, async () => {
      const address = newAddress();
      const attempts = Array.from({ length: 12 }, (_, i) => ({
        browser: new Browser(t, address),
        email: `guess.${i}.${randomBytes(3).toString('hex')}@example.nhs.uk`,
        password: aPassword(),
      }));
      const checked = await passwordsChecked(() => burst(attempts));
      expect({ checked, atMost: LIMITS.authFailureLimit }).toEqual({ checked: Math.min(checked, LIMITS.authFailureLimit), atMost: LIMITS.authFailureLimit });
    });

    it('limits guesses at the current password on the account page like sign-in: a session cannot be used to find the password', async () => {
      const { lead } = await organisationAndLead();
      const b = await signedIn(lead);
      for (let i = 0; i < LIMITS.accountFailureLimit; i++) {
        const password = aPassword();
        const res = await b.submit('/account', '/account/password', { currentPassword: aPassword(), password, confirmPassword: password });
        expect(res.status).toBe(400);
        expect(mainText(res.text)).toContain('Enter your current password correctly');
      }
      const password = aPassword();
      const locked = await b.submit('/account', '/account/password', { currentPassword: lead.password, password, confirmPassword: password });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(mainText(locked.text)).toContain('This account is locked after too many wrong passwords');
      // Nothing changed: the old password is still the one (once the lock ends).
      await waitUntil(
        'the lock to end',
        async () => (await new Browser(t).submit('/sign-in', '/sign-in', { email: lead.email, password: lead.password })).status === 303,
      );
    });
  });

  // ─── 6. Emailed links ───────────────────────────────────────────────────────────────────────────
  describe('the links emails carry', () => {
    it("the invitation's set-password link works once: it sets the password, signs the person in and takes them to their organisation; a second use changes nothing (410)", async () => {
      const { ods } = await organisationAndLead();
      const invited = await invite(ods);
      const b = new Browser(t);
      const shown = await b.get(invited.path);
      expect(shown.status).toBe(200);
      expect(mainText(shown.text)).toContain('Set your password');
      expect(mainText(shown.text)).toContain(invited.email);
      const password = aPassword();
      const res = await b.post('/account/set-password', { _csrf: formToken(shown.text), token: invited.token, password, confirmPassword: password });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/organisations/${ods}`);
      secrets.set(b.jar.get(cookieName)!, 'session');
      expect(mainText((await accountPage(b)).text)).toContain(invited.email);

      const again = new Browser(t);
      await unchanged('a used link', async () => {
        const page = await again.get(invited.path);
        expect(page.status).toBe(410);
        expect(mainText(page.text)).toContain('This link no longer works');
        const other = aPassword();
        const post = await again.post('/account/set-password', {
          _csrf: await again.token('/sign-in'),
          token: invited.token,
          password: other,
          confirmPassword: other,
        });
        expect(post.status).toBe(410);
        expect(mainText(post.text)).toContain('This link no longer works');
        expect(setCookies(post).some((c) => c.name === cookieName)).toBe(false);
      });
      await signedIn({ email: invited.email, password });
    });

    it('the invitation link expires after inviteLinkHours', async () => {
      const { ods } = await organisationAndLead();
      const invited = await invite(ods);
      const hours = t.config.inviteLinkHours;
      clock.advance(hours * 60 * MINUTE - MINUTE);
      expect((await new Browser(t).get(invited.path)).status).toBe(200);
      clock.advance(2 * MINUTE);
      const b = new Browser(t);
      await unchanged('an expired link', async () => {
        const page = await b.get(invited.path);
        expect(page.status).toBe(410);
        const password = aPassword();
        expect(
          (await b.post('/account/set-password', { _csrf: await b.token('/sign-in'), token: invited.token, password, confirmPassword: password })).status,
        ).toBe(410);
      });
    });

    it("refuses weak, common and short passwords with the policy's words (400), and nothing changes", async () => {
      const { ods } = await organisationAndLead();
      const invited = await invite(ods, 'Priya Shahbazian');
      const b = new Browser(t);
      const page = await b.get(invited.path);
      const cases: [password: string, confirm: string | null, words: string][] = [
        ['short', null, 'Enter a password that is at least 12 characters long'],
        ['password1234', null, 'This password is too common and easy to guess'],
        ['Password123!', null, 'This password is too common and easy to guess'],
        ['qwertyuiop123', null, 'This password is too common and easy to guess'],
        ['aaaaaaaaaaaaaa', null, 'Enter a password that is not one character repeated'],
        ['my name is priya shahbazian', null, 'Enter a password that does not contain your name or email address'],
        [`${invited.email.split('@')[0]}-2026`, null, 'Enter a password that does not contain your name or email address'],
        [aPassword(), aPassword(), 'The passwords do not match'],
        ['', null, 'Enter a password'],
      ];
      await unchanged('refused passwords', async () => {
        for (const [password, confirm, words] of cases) {
          const res = await b.post('/account/set-password', {
            _csrf: formToken(page.text),
            token: invited.token,
            password,
            confirmPassword: confirm ?? password,
          });
          expect({ password, status: res.status, says: mainText(res.text).includes(words) }).toEqual({ password, status: 400, says: true });
        }
      });
      // The same rules on the account page, and the link still works after the refusals.
      const password = aPassword();
      expect((await b.post('/account/set-password', { _csrf: formToken(page.text), token: invited.token, password, confirmPassword: password })).status).toBe(
        303,
      );
      await unchanged(
        'refused password changes',
        async () => {
          for (const [bad, confirm, words] of cases.slice(0, 4)) {
            const res = await b.submit('/account', '/account/password', { currentPassword: password, password: bad, confirmPassword: confirm ?? bad });
            expect({ bad, status: res.status, says: mainText(res.text).includes(words) }).toEqual({ bad, status: 400, says: true });
          }
          // The current password is checked as a sign-in is: its attempt is counted, then given back.
        },
        ['auth_failures'],
      );
    });

    it('answers a reset request for an unknown email with the same "Check your email" page as for a known one, and sends nothing', async () => {
      const { lead } = await organisationAndLead();
      const unknown = `nobody.${randomBytes(3).toString('hex')}@example.nhs.uk`;
      const asked = async (email: string) => {
        const res = await new Browser(t).submit('/account/reset-password', '/account/forgotten-password', { email });
        return { status: res.status, page: comparable(res.text, [[email, '{email}']]) };
      };
      const forUnknown = await unchanged('a reset request for an unknown email', () => asked(unknown));
      const forKnown = await asked(lead.email);
      expect(forUnknown.status).toBe(200);
      expect(mainText(forUnknown.page)).toContain('Check your email');
      expect(forUnknown).toEqual(forKnown);
      expect(sink.to(unknown)).toEqual([]);
      expect(await resetLinks(lead.email)).toHaveLength(1);
    });

    it('sends at most one reset email per 15 minutes, however the requests fall on the clock', async () => {
      const { lead } = await organisationAndLead();
      const ask = () => new Browser(t).submit('/account/reset-password', '/account/forgotten-password', { email: lead.email });
      // Just before a quarter-hour boundary: a window counted in fixed slots would let a second email through a minute later.
      const quarter = 15 * MINUTE;
      clock.advance(quarter - (clock.now().getTime() % quarter) - 30_000);
      expect((await ask()).status).toBe(200);
      expect(await resetLinks(lead.email)).toHaveLength(1);
      for (const minutes of [1, 5, 8]) {
        clock.advance(minutes * MINUTE);
        expect((await ask()).status).toBe(200);
        expect({ after: minutes, emails: (await resetLinks(lead.email)).length }).toEqual({ after: minutes, emails: 1 });
      }
      clock.advance(2 * MINUTE);
      expect((await ask()).status).toBe(200);
      expect(await resetLinks(lead.email)).toHaveLength(2);
    });

    it('the reset link sets the password, signs the person in, and ends their other sessions; it works once', async () => {
      const { lead } = await organisationAndLead();
      const elsewhere = await signedIn(lead);
      await new Browser(t).submit('/account/reset-password', '/account/forgotten-password', { email: lead.email });
      const [link] = await resetLinks(lead.email);
      const b = new Browser(t);
      const page = await b.get(link.path);
      expect(page.status).toBe(200);
      expect(mainText(page.text)).toContain('Choose a new password');
      const password = aPassword();
      const res = await b.post('/account/reset-password', { _csrf: formToken(page.text), token: link.token, password, confirmPassword: password });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/');
      secrets.set(b.jar.get(cookieName)!, 'session');
      expect((await accountPage(b)).status).toBe(200);
      await expectSignedOut(elsewhere, 'the session from before the reset');
      expect(await sessionsOf(lead.userId)).toBe(1);
      expect((await new Browser(t).get(link.path)).status).toBe(410);
      expect((await new Browser(t).submit('/sign-in', '/sign-in', { email: lead.email, password: lead.password })).status).toBe(401);
      await signedIn({ email: lead.email, password });
    });
  });

  // ─── 7. Headers and static files ────────────────────────────────────────────────────────────────
  describe('security headers', () => {
    function expectPageHeaders(res: Response, what: string) {
      const csp = String(res.headers['content-security-policy'] ?? '');
      const directives = new Map(
        csp
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .filter((d) => d[0])
          .map(([name, ...values]) => [name, values]),
      );
      const scriptSrc = directives.get('script-src') ?? [];
      const nonces = scriptSrc.filter((v) => v.startsWith("'nonce-")).map((v) => v.slice(7, -1));
      expect({
        what,
        nonces: nonces.length,
        unsafeInline: scriptSrc.includes("'unsafe-inline'") || (directives.get('default-src') ?? []).includes("'unsafe-inline'"),
        frameAncestors: directives.get('frame-ancestors'),
        xFrameOptions: res.headers['x-frame-options'],
        nosniff: res.headers['x-content-type-options'],
        referrer: res.headers['referrer-policy'],
        cache: res.headers['cache-control'],
      }).toEqual({
        what,
        nonces: 1,
        unsafeInline: false,
        frameAncestors: ["'none'"],
        xFrameOptions: 'DENY',
        nosniff: 'nosniff',
        referrer: 'no-referrer',
        cache: 'no-store',
      });
      if (res.status === 200 || res.status >= 400) {
        const scripts = [...res.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
        expect(scripts.length).toBeGreaterThan(0);
        for (const tag of scripts) expect({ what, tag, nonce: /nonce="([^"]+)"/.exec(tag)?.[1] }).toEqual({ what, tag, nonce: nonces[0] });
        // No inline event handlers either: a nonce does not cover them.
        expect(res.text).not.toMatch(/\son[a-z]+\s*=/i);
      }
      return nonces[0];
    }

    it('sends a CSP with a fresh nonce (used by every script tag, no unsafe-inline), no framing, nosniff, no referrer and no-store on every page', async () => {
      const { lead } = await organisationAndLead();
      const b = await signedIn(lead);
      const visitor = new Browser(t);
      const pages: [string, Browser][] = [
        ['/sign-in', visitor],
        ['/help', visitor],
        ['/accessibility', visitor],
        ['/account/reset-password', visitor],
        ['/account/set-password?token=not-a-real-token', visitor],
        ['/no-such-page', visitor],
        ['/account', visitor],
        ['/account', b],
        ['/no-such-page', b],
        ['/', b],
      ];
      for (const [path, browser] of pages) {
        const first = expectPageHeaders(await browser.get(path), `GET ${path}`);
        const second = expectPageHeaders(await browser.get(path), `GET ${path} again`);
        expect({ path, differs: first !== second }).toEqual({ path, differs: true });
      }
      expectPageHeaders(await b.post('/account/tokens', {}), 'a refused form (403)');
      expectPageHeaders(await b.submit('/account', '/account/tokens', { label: '', organisation: '' }), 'a form with errors (400)');
    });

    it('serves the NHS.UK frontend itself: CSS without the web font from assets.nhs.uk, its JavaScript, and every asset the layout links to', async () => {
      const css = await request(t.app.getHttpServer()).get('/static/nhsuk-frontend.min.css');
      expect(css.status).toBe(200);
      expect(css.headers['content-type']).toMatch(/^text\/css/);
      expect(css.text.length).toBeGreaterThan(10_000);
      expect(css.text).not.toMatch(/@font-face/);
      expect(css.text).not.toContain('assets.nhs.uk');
      const js = await request(t.app.getHttpServer()).get('/static/nhsuk-frontend.min.js');
      expect(js.status).toBe(200);
      expect(js.headers['content-type']).toMatch(/^text\/javascript/);
      const page = (await new Browser(t).get('/sign-in')).text;
      const linked = [...page.matchAll(/(?:href|src)="(\/(?:static|assets)\/[^"]+)"/g)].map((m) => m[1]);
      const imported = [...page.matchAll(/from '(\/static\/[^']+)'/g)].map((m) => m[1]);
      expect(linked).toEqual(expect.arrayContaining(['/static/nhsuk-frontend.min.css', '/static/onramp.css', '/assets/images/favicon.svg']));
      for (const path of [...new Set([...linked, ...imported])]) {
        const res = await request(t.app.getHttpServer()).get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
      }
      const image = await request(t.app.getHttpServer()).get('/assets/images/nhsuk-icon-180.png');
      expect(image.headers['content-type']).toBe('image/png');
    });
  });

  // ─── 8. Tenancy on pages ────────────────────────────────────────────────────────────────────────
  describe('tenancy on pages', () => {
    it("answers another organisation's pages exactly like an ODS code nobody registered: the same 404 page", async () => {
      const { ods: a, lead } = await organisationAndLead();
      const { ods: b } = await organisationAndLead();
      const nobody = newOdsCode('N');
      const browser = await signedIn(lead);
      const routes = routeTable(t).filter((r) => r.method === 'GET' && isPagePath(r.url) && r.url.includes(':ods'));
      const paths = [...new Set(['/organisations/:ods', ...routes.map((r) => r.url)])];
      for (const route of paths) {
        const at = (ods: string) => route.replace(/:(\w+)/g, (_m, name: string) => (name === 'ods' ? ods : 'x'));
        const other = await browser.get(at(b));
        const none = await browser.get(at(nobody));
        expect({ route, status: other.status, page: comparable(other.text, [[b, '{ods}']]) }).toEqual({
          route,
          status: 404,
          page: comparable(none.text, [[nobody, '{ods}']]),
        });
        expect(mainText(other.text)).toContain('Page not found');
      }
      const account = mainText((await accountPage(browser)).text);
      expect(account).toContain(`Test organisation ${a}`);
      expect(account).not.toContain(b);
    });

    it('a forged form for another organisation is refused like one for an organisation that does not exist, and writes nothing', async () => {
      const { lead } = await organisationAndLead();
      const { ods: b } = await organisationAndLead();
      const browser = await signedIn(lead);
      const token = await browser.token();
      const routes = routeTable(t).filter((r) => r.method === 'POST' && isPagePath(r.url) && r.url.includes(':ods'));
      await unchanged("posts to another organisation's forms", async () => {
        for (const { url } of routes) {
          const res = await browser.post(
            url.replace(/:(\w+)/g, (_m, name: string) => (name === 'ods' ? b : 'x')),
            { _csrf: token, expectedVersion: '1' },
          );
          expect({ url, status: res.status }).toEqual({ url, status: 404 });
        }
      });
    });

    it('a signed-in person removed from the organisation loses it at once: through their session its API answers 404, and their account page no longer lists it', async () => {
      const { ods, lead } = await organisationAndLead();
      const b = await signedIn(lead);
      const read = () => request(t.app.getHttpServer()).get(`/api/v1/organisations/${ods}`).set('Cookie', b.cookieHeader).set('X-Forwarded-For', b.address);
      expect((await read()).status).toBe(200);
      await removeFromOrganisation(lead.personId!);
      expectProblem(await read(), { status: 404, code: 'ORGANISATION.NOT_FOUND' });
      const account = await accountPage(b);
      expect(account.status).toBe(200);
      expect(mainText(account.text)).toContain('You do not hold a role in any organisation');
    });

    it('a personal access token stops working when its person is removed from the organisation (removed_at set in SQL: there is no endpoint to remove a person yet)', async () => {
      const { ods, lead } = await organisationAndLead();
      const b = await signedIn(lead);
      const created = await b.submit('/account', '/account/tokens', { label: 'Laptop', organisation: ods });
      const token = /<code class="onramp-token">([^<]+)<\/code>/.exec(created.text)![1];
      secrets.set(token, 'access token');
      expectStatus(await new OnrampClient(t, token).get(`/api/v1/organisations/${ods}`), 200);
      await removeFromOrganisation(lead.personId!);
      expectProblem(await new OnrampClient(t, token).get(`/api/v1/organisations/${ods}`), { status: 401, code: 'AUTH.INVALID_TOKEN' });
    });

    it('a personal access token acts with the role its person holds now: removing their lead role leaves the token a contributor', async () => {
      const { ods, lead } = await organisationAndLead();
      // The same person also holds a contributor's role (booking clerk) in the organisation.
      expectStatus(await admin().post(`/api/v1/organisations/${ods}/people`, { name: lead.name, email: lead.email, role: 'booking-clerk' }), 201);
      const b = await signedIn(lead);
      const created = await b.submit('/account', '/account/tokens', { label: 'Laptop', organisation: ods });
      const token = /<code class="onramp-token">([^<]+)<\/code>/.exec(created.text)![1];
      secrets.set(token, 'access token');
      const person = () => ({ name: 'Sam Okafor', email: `sam.${randomBytes(3).toString('hex')}@example.nhs.uk`, role: 'clinician' });
      expectStatus(await new OnrampClient(t, token).post(`/api/v1/organisations/${ods}/people`, person()), 201);
      await removeFromOrganisation(lead.personId!);
      expectProblem(await new OnrampClient(t, token).post(`/api/v1/organisations/${ods}/people`, person()), { status: 403, code: 'AUTH.ROLE_NOT_PERMITTED' });
      expectStatus(await new OnrampClient(t, token).get(`/api/v1/organisations/${ods}/people`), 200);
    });
  });

  // ─── 9. OpenID Connect through the pages ───────────────────────────────────────────────────────
  describe('single sign-on (OpenID Connect) through the pages', () => {
    const pendingCookie = 'onramp-oidc';

    async function startAt(b: Browser, returnTo?: string) {
      const res = await b.get(`/sign-in/oidc${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`);
      expect(res.status).toBe(303);
      return { res, url: new URL(res.headers.location as string) };
    }
    const callbackPath = (url: URL) => `${url.pathname}${url.search}`;
    const providerAccount = (email: string, name = 'Sso Person') => {
      const sub = randomUUID();
      idp.addAccount({ sub, email, name, emailVerified: true });
      return sub;
    };

    it('shows the single sign-on button and sends the browser to the provider with PKCE, state and nonce, keeping them in an HttpOnly cookie for /sign-in/oidc only', async () => {
      const b = new Browser(t);
      const page = await b.get('/sign-in');
      expect(page.text).toContain('href="/sign-in/oidc"');
      expect(mainText(page.text)).toContain('Sign in with single sign-on');
      const { res, url } = await startAt(b);
      expect(url.origin).toBe(idp.issuer.origin);
      expect(Object.fromEntries(url.searchParams)).toMatchObject({
        client_id: idp.clientId,
        response_type: 'code',
        redirect_uri: CALLBACK,
        code_challenge_method: 'S256',
        code_challenge: expect.stringMatching(/^[\w-]{43}$/),
        state: expect.any(String),
        nonce: expect.any(String),
      });
      const pending = setCookies(res).find((c) => c.name === pendingCookie)!;
      expect({
        httpOnly: pending.attributes.has('httponly'),
        path: pending.attributes.get('path'),
        sameSite: pending.attributes.get('samesite'),
        maxAge: Number(pending.attributes.get('max-age')),
      }).toEqual({ httpOnly: true, path: '/sign-in/oidc', sameSite: 'Lax', maxAge: 600 });
      // The verifier is in no readable form in the cookie's path or the URL.
      expect(url.href).not.toContain(pending.value);
    });

    it('signs the person in after the provider and lands on returnTo, with a new session', async () => {
      const { lead } = await organisationAndLead('Sso Lead');
      providerAccount(lead.email.toUpperCase(), 'Sso Lead');
      const b = new Browser(t);
      b.plant(cookieName, randomBytes(32).toString('base64url'));
      const { url } = await startAt(b, '/account?tab=tokens');
      const callback = await idp.signIn(url, lead.email);
      const res = await b.get(callbackPath(callback));
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/account?tab=tokens');
      const session = setCookies(res).find((c) => c.name === cookieName)!;
      expect(session.attributes.has('httponly')).toBe(true);
      secrets.set(session.value, 'session');
      expect(setCookies(res).some((c) => c.name === pendingCookie && deletes(c))).toBe(true);
      expect(mainText((await accountPage(b)).text)).toContain('Sso Lead');
      expect(await sessionsOf(lead.userId)).toBe(1);
    });

    it('refuses a person the provider knows but Onramp does not: the "no Onramp account" page (403), and no session', async () => {
      const email = `stranger.${randomBytes(3).toString('hex')}@example.nhs.uk`;
      providerAccount(email);
      const b = new Browser(t);
      const { url } = await startAt(b);
      const callback = await idp.signIn(url, email);
      const res = await unchanged('a sign-in without an account', () => b.get(callbackPath(callback)));
      expect(res.status).toBe(403);
      expect(mainText(res.text)).toContain('There is no Onramp account for you yet');
      expect(setCookies(res).some((c) => c.name === cookieName)).toBe(false);
    });

    it('refuses a tampered state, a tampered cookie, a callback in another browser, and a replayed callback', async () => {
      const { lead } = await organisationAndLead();
      providerAccount(lead.email);

      const tampered = new Browser(t);
      const first = await startAt(tampered);
      const callback = await idp.signIn(first.url, lead.email);
      const forged = new URL(callback);
      forged.searchParams.set('state', randomBytes(16).toString('base64url'));
      const sealed = tampered.jar.get(pendingCookie)!;
      const cases: [string, Browser, string][] = [];
      cases.push(['a tampered state', tampered, callbackPath(forged)]);
      const otherCookie = new Browser(t);
      otherCookie.plant(pendingCookie, `${sealed.slice(0, 10)}${sealed[10] === 'A' ? 'B' : 'A'}${sealed.slice(11)}`);
      cases.push(['a tampered pending cookie', otherCookie, callbackPath(callback)]);
      cases.push(['another browser (no pending cookie)', new Browser(t), callbackPath(callback)]);
      await unchanged('refused callbacks', async () => {
        for (const [what, browser, path] of cases) {
          const res = await browser.get(path);
          expect({ what, status: res.status, cookie: setCookies(res).some((c) => c.name === cookieName) }).toEqual({ what, status: 400, cookie: false });
          expect(mainText(res.text)).toContain('You could not be signed in');
        }
      });

      // The real callback still works once, then a replay (cookie and URL copied) is refused.
      const b = new Browser(t);
      const started = await startAt(b);
      const pending = b.jar.get(pendingCookie)!;
      const real = await idp.signIn(started.url, lead.email);
      expect((await b.get(callbackPath(real))).status).toBe(303);
      const replay = new Browser(t);
      replay.plant(pendingCookie, pending);
      const res = await unchanged('a replayed callback', () => replay.get(callbackPath(real)));
      expect(res.status).toBe(400);
      expect(setCookies(res).some((c) => c.name === cookieName)).toBe(false);
      expect(await sessionsOf(lead.userId)).toBe(1);
    });

    it('forgets a sign-in left at the provider for more than 10 minutes, even when its cookie is sent again', async () => {
      const { lead } = await organisationAndLead();
      providerAccount(lead.email);
      const b = new Browser(t);
      const { url } = await startAt(b);
      clock.advance(11 * MINUTE);
      const callback = await idp.signIn(url, lead.email);
      const res = await unchanged('a stale sign-in', () => b.get(callbackPath(callback)));
      expect(res.status).toBe(400);
      expect(mainText(res.text)).toContain('It may have expired');
      expect(await sessionsOf(lead.userId)).toBe(0);
    });

    it('never sends the browser off the site after single sign-on, whatever returnTo held', async () => {
      const { lead } = await organisationAndLead();
      providerAccount(lead.email);
      for (const returnTo of ['//evil.example', 'https://evil.example/account', '/\\evil.example']) {
        const b = new Browser(t);
        const { url } = await startAt(b, returnTo);
        const res = await b.get(callbackPath(await idp.signIn(url, lead.email)));
        expect({ returnTo, status: res.status, location: res.headers.location }).toEqual({ returnTo, status: 303, location: '/' });
      }
    });
  });

  // ─── 10. Personal access tokens ───────────────────────────────────────────────────────────────
  describe('personal access tokens', () => {
    it('are shown once, act as their person on the API (the audit trail names them), and stop at revocation', async () => {
      const { ods, lead } = await organisationAndLead('Token Owner');
      const b = await signedIn(lead);
      const created = await b.submit('/account', '/account/tokens', { label: 'Reporting script', organisation: ods });
      expect(created.status).toBe(201);
      expect(created.headers['cache-control']).toBe('no-store');
      const token = /<code class="onramp-token">([^<]+)<\/code>/.exec(created.text)![1];
      secrets.set(token, 'access token');
      const later = await accountPage(b);
      expect(mainText(later.text)).toContain('Reporting script');
      expect(later.text).not.toContain(token);
      expect(await fingerprinter.tablesContaining(token)).toEqual([]);

      const api = new OnrampClient(t, token);
      const added = await api.post(`/api/v1/organisations/${ods}/people`, {
        name: 'Sam Okafor',
        email: `sam.${randomBytes(3).toString('hex')}@example.nhs.uk`,
        role: 'clinician',
      });
      expectStatus(added, 201);
      const audit = await api.get(`/api/v1/organisations/${ods}/audit`);
      expectStatus(audit, 200);
      const entry = (audit.body.items as { type: string; actor: { id: string; label: string } }[]).find(
        (e) => e.type === 'PersonAdded' && /Sam Okafor/.test(JSON.stringify(e)),
      );
      expect(entry?.actor).toMatchObject({ id: lead.userId, label: expect.stringContaining('Token Owner') });

      const tokenId = ((await t.db.sql(`select id from api_tokens where user_id = ${p(1)}`, [lead.userId])) as { id: string }[])[0].id;
      const revoked = await b.submit('/account', `/account/tokens/${tokenId}/revoke`, {});
      expect(revoked.status).toBe(303);
      expectProblem(await api.get(`/api/v1/organisations/${ods}`), { status: 401, code: 'AUTH.INVALID_TOKEN' });
    });

    it("cannot revoke someone else's token (404 page, it keeps working) nor create one for an organisation the person is not in", async () => {
      const { ods: a, lead } = await organisationAndLead();
      const { ods: other, lead: owner } = await organisationAndLead();
      const ownerBrowser = await signedIn(owner);
      const created = await ownerBrowser.submit('/account', '/account/tokens', { label: 'Owner token', organisation: other });
      const token = /<code class="onramp-token">([^<]+)<\/code>/.exec(created.text)![1];
      secrets.set(token, 'access token');
      const tokenId = ((await t.db.sql(`select id from api_tokens where user_id = ${p(1)}`, [owner.userId])) as { id: string }[])[0].id;
      const integration = ((await t.db.sql(`select id from api_tokens where user_id is null`)) as { id: string }[]).map((r) => r.id);

      const b = await signedIn(lead);
      await unchanged("revoking another person's token", async () => {
        for (const id of [tokenId, integration[0], randomUUID(), 'not-a-token-id']) {
          const res = await b.submit('/account', `/account/tokens/${encodeURIComponent(id)}/revoke`, {});
          expect({ id, status: res.status }).toEqual({ id, status: 404 });
          expect(mainText(res.text)).toContain('Page not found');
        }
      });
      expectStatus(await new OnrampClient(t, token).get(`/api/v1/organisations/${other}`), 200);

      await unchanged('a token for an organisation the person is not in', async () => {
        for (const organisation of [other, '*', newOdsCode('N'), '']) {
          const res = await b.submit('/account', '/account/tokens', { label: 'Sneaky', organisation });
          expect({ organisation, status: res.status }).toEqual({ organisation, status: 400 });
          expect(mainText(res.text)).toContain('Select the organisation the token may act for');
        }
      });
      void a;
    });
  });

  // ─── Secrets, logs, audit ───────────────────────────────────────────────────────────────────────
  describe('secrets', () => {
    it('no session cookie, link token or access token seen by this suite was logged or written to the audit trail; nothing was logged as an error', async () => {
      expect(secrets.size).toBeGreaterThan(10);
      expect(logs.length).toBeGreaterThan(100);
      const all = logs.join('');
      expect([...secrets.keys()].filter((s) => all.includes(s))).toEqual([]);
      const audit = JSON.stringify(await t.db.sql('select * from audit_events'));
      expect([...secrets.keys()].filter((s) => audit.includes(s))).toEqual([]);
      const errors = logs.filter((l) => (JSON.parse(l) as { level: number }).level >= 50);
      expect(errors).toEqual([]);
    });

    it("stores no session cookie or access token anywhere, and a link's token only in an email not yet sent (the outbox keeps no copy once it is)", async () => {
      const stored: Record<string, string[]> = {};
      for (const [secret, what] of secrets) {
        const tables = await fingerprinter.tablesContaining(secret);
        if (tables.length > 0) stored[what] = [...new Set([...(stored[what] ?? []), ...tables])];
      }
      expect(Object.keys(stored).filter((what) => what !== 'link')).toEqual([]);
      expect(stored.link ?? []).toEqual((stored.link ?? []).length ? ['outbox_messages'] : []);
      const sent = (await t.db.sql(`select html, text from outbox_messages where purpose in ('role-welcome', 'password-reset') and status = 'sent'`)) as {
        html: string;
        text: string;
      }[];
      expect(sent.length).toBeGreaterThan(0);
      for (const m of sent) expect([m.html, m.text].every((body) => body.includes('removed after it was sent') && !/token=/.test(body))).toBe(true);
    });
  });
});

/** Polls until `check` holds (no fixed sleeps). */
async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = (LIMITS.authFailureBlockSeconds + 10) * 1000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
