import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { AccountService } from '../../apps/onramp/src/identity';
import type { GlobalAccessRole, OrganisationAccessRole, PersonRole } from '../../apps/onramp/src/shared/domain/roles';
import { expectStatus, OnrampClient } from './onramp-client';
import type { TestApp } from './test-app';

/** A password that passes the policy, different every time. */
export const aPassword = () => `test-${randomBytes(12).toString('base64url')}`;

export interface TestPerson {
  email: string;
  name: string;
  password: string;
  userId: string;
  /** The organisation role's id (people row), when the person was added to an organisation. */
  personId: string | null;
}

/**
 * A person who can sign in: added to an organisation through the API (as its admin would), or
 * given a global role, then given a password, as setting it through the invitation link would.
 */
export async function aPerson(
  t: TestApp,
  opts: { ods?: string; role?: PersonRole; accessRole?: OrganisationAccessRole; globalRole?: GlobalAccessRole; name?: string; email?: string },
): Promise<TestPerson> {
  const accounts = t.app.get(AccountService);
  const name = opts.name ?? `Test ${opts.role ?? opts.globalRole ?? 'person'} ${randomBytes(2).toString('hex')}`;
  const email = opts.email ?? `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.nhs.uk`;
  let personId: string | null = null;
  if (opts.ods) {
    const admin = new OnrampClient(t, t.adminToken);
    const res = await admin.post(`/api/v1/organisations/${opts.ods}/people`, {
      name,
      email,
      role: opts.role ?? 'implementation-lead',
      ...(opts.accessRole ? { accessRole: opts.accessRole } : {}),
    });
    expectStatus(res, 201);
    personId = res.body.id as string;
  }
  if (opts.globalRole)
    await accounts.grantGlobalRole(email, name, opts.globalRole, { actor: { id: 'test', role: 'admin', label: 'test setup' }, correlationId: 'test-setup' });
  const account = await accounts.byEmail(email);
  if (!account) throw new Error(`no account was made for ${email}`);
  const password = aPassword();
  await accounts.changePassword(account.id, password);
  return { email, name, password, userId: account.id, personId };
}

/** The CSRF token of the first form on a page. */
export function formToken(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('the page has no form with a CSRF token');
  return m[1];
}

/**
 * A signed-in browser without the browser: a cookie jar over the app's HTTP server, for the
 * page tests that do not need Chromium (security and tenancy probes). `submit` loads the page a
 * form is on first, to post with its CSRF token, as a person's browser would.
 */
export class PageSession {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly t: TestApp) {}

  static async signIn(t: TestApp, person: Pick<TestPerson, 'email' | 'password'>): Promise<PageSession> {
    const session = new PageSession(t);
    const res = await session.submit('/sign-in', '/sign-in', { email: person.email, password: person.password });
    if (res.status !== 303) throw new Error(`signing in as ${person.email} answered ${res.status}: ${res.text.slice(0, 300)}`);
    return session;
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async get(path: string) {
    return this.keep(await request(this.t.app.getHttpServer()).get(path).set('Cookie', this.cookieHeader).redirects(0));
  }

  async post(path: string, fields: Record<string, string | string[]>) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
    return this.keep(
      await request(this.t.app.getHttpServer())
        .post(path)
        .set('Cookie', this.cookieHeader)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(body.toString())
        .redirects(0),
    );
  }

  /** Loads `page`, then posts `fields` to `action` with the page's CSRF token. */
  async submit(page: string, action: string, fields: Record<string, string | string[]>) {
    const shown = await this.get(page);
    return this.post(action, { _csrf: formToken(shown.text), ...fields });
  }

  private keep<T extends { headers: Record<string, unknown> }>(res: T): T {
    const set = res.headers['set-cookie'];
    for (const line of (Array.isArray(set) ? set : typeof set === 'string' ? [set] : []) as string[]) {
      const [pair] = line.split(';');
      const [name, ...value] = pair.split('=');
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join('='));
    }
    return res;
  }
}
