import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { startOidcProvider, type TestOidcAccount, type TestOidcProvider } from './oidc-provider';
import { CLI, freePort, startServer, testSigningKey, type Started } from './server-process';
import { SmtpSink, waitFor } from './smtp-sink';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './test-database';

/*
 * Onramp as it is deployed, for the browser suites: the built server in its own process on a free
 * port, on a fresh SQLite file or PostgreSQL database, delivering mail to an SMTP sink in the test
 * process and (optionally) signing people in through a real OpenID provider. People and
 * organisations are set up through the JSON API with the admin token, as an administrator's script
 * would; people get their passwords the way people do, through the set-password link in their
 * welcome email.
 */

export interface ApiResponse {
  status: number;
  body: Record<string, unknown> & { items?: Record<string, unknown>[] };
}

/** The JSON API over fetch with one bearer token. */
export class Api {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  as(token: string): Api {
    return new Api(this.baseUrl, token);
  }

  async request(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: object): Promise<ApiResponse> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as ApiResponse['body']) : {} };
  }

  /** The body of a request that must answer `status`; anything else throws with the problem Onramp sent. */
  async expect(status: number, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: object): Promise<ApiResponse['body']> {
    const res = await this.request(method, path, body);
    if (res.status !== status) throw new Error(`${method} ${path}: expected HTTP ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }
}

export interface Invitee {
  name: string;
  email: string;
  /** The role in the organisation (a PersonRole such as booking-clerk). */
  role: string;
  accessRole?: 'implementation-lead' | 'clinical-lead' | 'contributor' | 'viewer';
}

export interface Person extends Invitee {
  password: string;
}

export interface OnrampProcess {
  kind: DatabaseKind;
  /** `http://127.0.0.1:<port>`: ONRAMP_PUBLIC_URL, so email links and OIDC redirects come back to the host the browser uses. */
  baseUrl: string;
  admin: Api;
  smtp: SmtpSink;
  /** The OpenID provider ONRAMP_OIDC_* points at, when the process was started with `oidc: true`. */
  idp: TestOidcProvider | null;
  server: Started;
  /** Registers an organisation and starts its onboarding run (go-live in 200 days); returns its ODS code. */
  organisation(name: string, type?: string): Promise<string>;
  /** An implementation lead's integration token for the organisation, made by the admin. */
  leadApi(ods: string): Promise<Api>;
  /** Adds a person to an organisation through the API (as `by`, the admin by default); Onramp emails them. */
  addPerson(ods: string, person: Invitee, by?: Api): Promise<string>;
  /** The set-password link of the latest welcome email to `email` that carries one (waits for the mail worker). */
  setPasswordLink(email: string): Promise<string>;
  /**
   * A person who can sign in, without a browser: added through the API (by `by`, the admin by
   * default), then given a password through the set-password link of their welcome email, posted
   * as the page's form would be. Journeys that are not about the invitation start from here.
   */
  person(ods: string, invitee: Invitee, by?: Api): Promise<Person>;
  /** `npm run cli accounts:grant-role`: a global role, and the set-password link the command prints. */
  grantGlobalRole(email: string, name: string, role: 'national-team' | 'admin'): Promise<string>;
  stop(): Promise<void>;
}

/** A password that passes the policy, different every time. */
export const aPassword = () => `browser-${randomBytes(12).toString('base64url')}`;

/** Unique, valid ODS codes so suites never collide. */
export const newOdsCode = (prefix = 'B') => `${prefix}${randomBytes(4).toString('hex').toUpperCase()}`.slice(0, 8);

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export async function startOnramp(kind: DatabaseKind, opts: { oidc?: boolean; oidcAccounts?: TestOidcAccount[] } = {}): Promise<OnrampProcess> {
  const db: TestDatabase = await createTestDatabase(kind);
  const dataDir = mkdtempSync(join(tmpdir(), 'onramp-browser-'));
  const smtp = await new SmtpSink().start();
  // The port is chosen first: the public URL and the OIDC redirect URI registered with the provider both name it.
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const idp = opts.oidc ? await startOidcProvider({ accounts: opts.oidcAccounts ?? [], redirectUris: [`${baseUrl}/sign-in/oidc/callback`] }) : null;
  const adminToken = `browser-admin-${randomBytes(16).toString('hex')}`;
  const env: Record<string, string> = {
    DATABASE_URL: db.url.kind === 'sqlite' ? `sqlite:${db.url.path}` : db.url.url,
    ONRAMP_DATA_DIR: dataDir,
    ONRAMP_AUDIT_SIGNING_KEY_FILE: testSigningKey(dataDir),
    ONRAMP_ADMIN_TOKEN: adminToken,
    ONRAMP_PUBLIC_URL: baseUrl,
    SMTP_URL: smtp.url,
    ONRAMP_MAIL_WORKER_INTERVAL_MS: '100',
    ONRAMP_MAIL_RETRY_BASE_MS: '50',
    PORT: String(port),
    ...(idp
      ? {
          ONRAMP_OIDC_ISSUER: idp.issuer.href,
          ONRAMP_OIDC_CLIENT_ID: idp.clientId,
          ...(idp.clientSecret ? { ONRAMP_OIDC_CLIENT_SECRET: idp.clientSecret } : {}),
        }
      : {}),
  };
  let server: Started;
  try {
    server = await startServer(['--migrate'], env);
  } catch (e) {
    await Promise.all([smtp.stop(), idp?.close(), db.drop()]);
    throw e;
  }
  const admin = new Api(baseUrl, adminToken);

  const setPasswordLink = async (email: string) => {
    const mail = await waitFor(`a welcome email with a set-password link to ${email}`, () =>
      smtp
        .to(email)
        .reverse()
        .find((m) => /\/account\/set-password\?token=/.test(m.parsed.text ?? '')),
    );
    return /(https?:\/\/\S+\/account\/set-password\?token=[\w-]+)/.exec(mail.parsed.text ?? '')![1];
  };

  return {
    kind,
    baseUrl,
    admin,
    smtp,
    idp,
    server,
    async organisation(name, type = 'acute') {
      const odsCode = newOdsCode();
      await admin.expect(201, 'POST', '/api/v1/organisations', { odsCode, name, type });
      await admin.expect(201, 'POST', `/api/v1/organisations/${odsCode}/onboarding`, { goLiveDate: inDays(200) });
      return odsCode;
    },
    async leadApi(ods) {
      const created = await admin.expect(201, 'POST', '/api/v1/tokens', { organisation: ods, role: 'implementation-lead', label: `Setup script for ${ods}` });
      return admin.as(created.token as string);
    },
    async addPerson(ods, person, by = admin) {
      const created = await by.expect(201, 'POST', `/api/v1/organisations/${ods}/people`, person);
      return created.id as string;
    },
    setPasswordLink,
    async person(ods, invitee, by = admin) {
      await by.expect(201, 'POST', `/api/v1/organisations/${ods}/people`, invitee);
      const password = aPassword();
      await setPasswordOverHttp(await setPasswordLink(invitee.email), password);
      return { ...invitee, password };
    },
    async grantGlobalRole(email, name, role) {
      const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'accounts:grant-role', email, role, '--name', name], {
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
      });
      const link = /(https?:\/\/\S+\/account\/set-password\?token=[\w-]+)/.exec(stdout);
      if (!link) throw new Error(`accounts:grant-role printed no set-password link:\n${stdout}`);
      return link[1];
    },
    async stop() {
      await server.stop();
      await Promise.all([smtp.stop(), idp?.close(), db.drop()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Sets a password through a set-password link as the page's form would post it (its form cookie and CSRF token), without a browser. */
export async function setPasswordOverHttp(link: string, password: string): Promise<void> {
  const shown = await fetch(link, { redirect: 'manual' });
  const html = await shown.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (shown.status !== 200 || !csrf) throw new Error(`the set-password link answered ${shown.status} without its form: ${html.slice(0, 300)}`);
  const cookie = shown.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const token = new URL(link).searchParams.get('token')!;
  const saved = await fetch(new URL('/account/set-password', link), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, token, password, confirmPassword: password }).toString(),
  });
  if (saved.status !== 303) throw new Error(`setting a password answered ${saved.status}: ${(await saved.text()).slice(0, 300)}`);
}

/**
 * Follows a set-password link in the browser and chooses `password`: the person is then signed in,
 * on the page the link was made for. Returns that page's response status.
 */
export async function choosePassword(page: Page, link: string, password: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Enter the new password again').fill(password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/account/set-password')),
    page.getByRole('button', { name: 'Save password and sign in' }).click(),
  ]);
}

/** Signs in on the sign-in page with email and password, and waits to leave it. */
export async function signIn(page: Page, person: { email: string; password: string }, returnTo?: string): Promise<void> {
  await page.goto(returnTo ? `/sign-in?returnTo=${encodeURIComponent(returnTo)}` : '/sign-in');
  await page.getByLabel('Email address').fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/sign-in'), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
}
