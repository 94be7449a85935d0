import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Adapter, type AdapterPayload, type Configuration, type JWK } from 'oidc-provider';

/** A person the test provider can sign in. */
export interface TestOidcAccount {
  sub: string;
  email: string;
  name: string;
  /** Sent as the `email_verified` claim; left out (as NHS CIS2 does) when undefined. */
  emailVerified?: boolean;
}

export interface TestOidcProvider {
  /** `http://127.0.0.1:<port>/`: give it to OidcConfig.issuer. */
  issuer: URL;
  clientId: string;
  /** null: the client is public (token endpoint auth `none`); otherwise it uses client_secret_basic. */
  clientSecret: string | null;
  addAccount(account: TestOidcAccount): void;
  /**
   * Drives an authorization request the way a browser would (plain fetch, `redirect: 'manual'`, its
   * own cookie jar): the login form, then consent, and returns the provider's final redirect to the
   * client's redirect_uri (the callback URL with `code` and `state`, or `error`) without following it.
   * `login` is an account's email address (any case) or its `sub`; an unknown login is refused by the
   * provider and this throws.
   */
  signIn(authorizationUrl: URL, login: string): Promise<URL>;
  /** Like signIn, but presses "Cancel" on the login page: the callback carries `error=access_denied`. */
  cancel(authorizationUrl: URL): Promise<URL>;
  close(): Promise<void>;
}

export interface TestOidcProviderOptions {
  accounts?: TestOidcAccount[];
  clientId?: string;
  /** Default: a random secret. null registers a public client. */
  clientSecret?: string | null;
  /** Default: `http://127.0.0.1:3000/sign-in/oidc/callback`. */
  redirectUris?: string[];
  /** false: no userinfo endpoint, so the provider puts email and name in the ID token instead. Default true. */
  userinfo?: boolean;
}

/**
 * A real `oidc-provider` (9.x) on 127.0.0.1 and a random port, for sign-in tests. PKCE (S256) is
 * required of every client, as NHS CIS2 Authentication may. Scopes `email` and `profile` carry the
 * claims `email`, `email_verified` and `name`; like most providers in the code flow it returns them
 * from userinfo, not in the ID token.
 *
 * Interactions are our own small routes instead of oidc-provider's devInteractions (which sign in
 * any login whatsoever and print warnings). The login page is an ordinary HTML form that a browser
 * test can fill in, with devInteractions' field names:
 *
 *   <form id="login-form" method="post" action="/interaction/<uid>/login">
 *     input name="login"     the account's email address or sub (required)
 *     input name="password"  accepted and ignored: test accounts have no passwords
 *     <button type="submit">Sign-in</button>
 *   </form>
 *   <form id="cancel-form" method="post" action="/interaction/<uid>/abort"> <button>Cancel</button>
 *
 * An unknown login re-renders the form with status 401 and `<p role="alert">`. Consent is granted
 * without a page (NHS CIS2 asks for none: consent is implied by its terms of use).
 */
export async function startOidcProvider(opts: TestOidcProviderOptions = {}): Promise<TestOidcProvider> {
  const clientId = opts.clientId ?? 'onramp-test';
  const clientSecret = opts.clientSecret === undefined ? randomBytes(24).toString('base64url') : opts.clientSecret;
  const redirectUris = opts.redirectUris ?? ['http://127.0.0.1:3000/sign-in/oidc/callback'];
  const accounts = new Map<string, TestOidcAccount>();
  const addAccount = (account: TestOidcAccount) => {
    accounts.set(account.sub, { ...account });
  };
  (opts.accounts ?? []).forEach(addAccount);
  const findByLogin = (login: string) => accounts.get(login) ?? [...accounts.values()].find((a) => a.email.trim().toLowerCase() === login.trim().toLowerCase());

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const issuer = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);

  const store = new MemoryStore();
  const configuration: Configuration = {
    adapter: (model: string) => store.adapter(model),
    clients: [
      {
        client_id: clientId,
        ...(clientSecret === null
          ? { token_endpoint_auth_method: 'none' }
          : { client_secret: clientSecret, token_endpoint_auth_method: 'client_secret_basic' }),
        redirect_uris: redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    pkce: { required: () => true },
    scopes: ['openid', 'email', 'profile'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: (_ctx, sub) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: account.email,
          name: account.name,
          ...(account.emailVerified === undefined ? {} : { email_verified: account.emailVerified }),
        }),
      };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false }, userinfo: { enabled: opts.userinfo ?? true } },
    // Our own keys, cookie keys, lifetimes, error page and CORS policy: oidc-provider prints a
    // warning or notice for each development default it falls back to.
    jwks: { keys: [signingKey()] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Error', `<h1>Error</h1><p id="error">${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ''))}</p>`);
    },
    clientBasedCORS: () => false,
  };
  const provider = new Provider(issuer.origin, configuration);
  const oidcCallback = provider.callback();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    const route = /^\/interaction\/([A-Za-z0-9_-]+)(\/login|\/abort)?$/.exec(path);
    if (!route) {
      void oidcCallback(req, res);
      return;
    }
    interaction(provider, req, res, route[2] ?? '', findByLogin).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('Error', `<h1>Sign-in failed</h1><p id="error">${escapeHtml(error instanceof Error ? error.message : String(error))}</p>`));
    });
  });

  return {
    issuer,
    clientId,
    clientSecret,
    addAccount,
    signIn: (authorizationUrl, login) => drive(issuer, redirectUris, authorizationUrl, { login }),
    cancel: (authorizationUrl) => drive(issuer, redirectUris, authorizationUrl, { cancel: true }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Our interaction routes: the login page and its two buttons; consent is granted on sight. */
async function interaction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  action: string,
  findByLogin: (login: string) => TestOidcAccount | undefined,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const formUrl = `/interaction/${details.uid}`;
  if (action === '' && req.method === 'GET') {
    if (details.prompt.name === 'consent') {
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session?.accountId, clientId: String(details.params.client_id) });
      if (!grant) throw new Error('the grant of this interaction is gone');
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
      return;
    }
    const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : '';
    return sendHtml(res, 200, loginPage(formUrl, hint, null));
  }
  if (req.method !== 'POST') throw new Error(`${req.method} ${formUrl}${action} is not a route of the test provider`);
  if (action === '/abort') {
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'The person cancelled signing in.' },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  const login = form.get('login') ?? '';
  const account = findByLogin(login);
  if (!account) return sendHtml(res, 401, loginPage(formUrl, login, `There is no account for "${login}" at this test provider.`));
  await provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
}

function loginPage(formUrl: string, login: string, error: string | null): string {
  return page(
    'Sign in',
    `<h1>Sign in to the test identity provider</h1>
${error ? `<p role="alert" id="error">${escapeHtml(error)}</p>` : ''}
<form id="login-form" method="post" action="${formUrl}/login" autocomplete="off">
  <label for="login">Email address</label>
  <input id="login" name="login" type="text" required value="${escapeHtml(login)}" autofocus>
  <label for="password">Password (any)</label>
  <input id="password" name="password" type="password">
  <button type="submit" class="login login-submit">Sign-in</button>
</form>
<form id="cancel-form" method="post" action="${formUrl}/abort"><button type="submit">Cancel</button></form>`,
  );
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main>${body}</main></body></html>`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A fresh RSA key per provider: RS256 is what clients (and NHS CIS2) expect by default. */
function signingKey(): JWK {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...(privateKey.export({ format: 'jwk' }) as JWK), use: 'sig', alg: 'RS256', kid: randomBytes(8).toString('hex') };
}

/** Follows the provider's redirects with a cookie jar until it sends the browser to a registered redirect_uri. */
async function drive(issuer: URL, redirectUris: string[], authorizationUrl: URL, act: { login: string } | { cancel: true }): Promise<URL> {
  const jar = new CookieJar();
  const callbacks = redirectUris.map((u) => new URL(u));
  const isCallback = (url: URL) => callbacks.some((c) => c.origin === url.origin && c.pathname === url.pathname);
  let request: { url: URL; form?: URLSearchParams } = { url: authorizationUrl };
  for (let hop = 0; hop < 20; hop++) {
    const { url, form } = request;
    if (isCallback(url)) return url;
    if (url.origin !== issuer.origin)
      throw new Error(`the test provider sent the browser to ${url.href}, which is neither the provider nor a registered redirect_uri`);
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { ...jar.header(url), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form?.toString(),
    });
    jar.store(url, response.headers.getSetCookie());
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      request = { url: new URL(location, url) };
      continue;
    }
    const html = await response.text();
    const action = /<form id="(login|cancel)-form"[^>]*action="([^"]+)"/g;
    const forms = Object.fromEntries([...html.matchAll(action)].map((m) => [m[1], m[2]]));
    if (response.status === 401 && 'login' in act) {
      throw new Error(`the test provider refused the login "${act.login}": ${/<p role="alert" id="error">([^<]*)<\/p>/.exec(html)?.[1] ?? html}`);
    }
    if (response.status !== 200 || !forms.login) {
      throw new Error(`the test provider answered ${response.status} at ${url.pathname}: ${/id="error">([^<]*)</.exec(html)?.[1] ?? html.slice(0, 300)}`);
    }
    request =
      'login' in act
        ? { url: new URL(forms.login, url), form: new URLSearchParams({ login: act.login, password: 'not checked' }) }
        : { url: new URL(forms.cancel, url), form: new URLSearchParams() };
  }
  throw new Error('the test provider redirected more than 20 times');
}

/** Just enough of RFC 6265 for one host: name, value, Path, and deletion by Max-Age or Expires. */
class CookieJar {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  store(url: URL, setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = new Map(attributes.map((a) => [a.split('=')[0].toLowerCase(), a.slice(a.indexOf('=') + 1)]));
      const path = attr.get('path') ?? (url.pathname.replace(/\/[^/]*$/, '') || '/');
      const key = `${name};${path}`;
      const maxAge = attr.get('max-age');
      const expires = attr.get('expires');
      const expired = (maxAge !== undefined && Number(maxAge) <= 0) || (expires !== undefined && Date.parse(expires) <= Date.now());
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { value, path });
    }
  }

  header(url: URL): Record<string, string> {
    const matches = [...this.cookies.entries()]
      .filter(([, c]) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map(([key, c]) => `${key.slice(0, key.indexOf(';'))}=${c.value}`);
    return matches.length > 0 ? { cookie: matches.join('; ') } : {};
  }
}

/** oidc-provider's storage, in memory and per provider, with expiry and the grant index revocation needs. */
class MemoryStore {
  private readonly entries = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  private readonly byGrant = new Map<string, Set<string>>();
  private readonly byUid = new Map<string, string>();

  adapter(model: string): Adapter {
    const key = (id: string) => `${model}:${id}`;
    const find = async (id: string | undefined) => {
      if (id === undefined) return undefined;
      const entry = this.entries.get(key(id));
      if (!entry) return undefined;
      if (entry.expiresAt <= Date.now()) {
        this.entries.delete(key(id));
        return undefined;
      }
      return entry.payload;
    };
    return {
      upsert: async (id, payload, expiresIn) => {
        this.entries.set(key(id), { payload, expiresAt: expiresIn === undefined ? Infinity : Date.now() + expiresIn * 1000 });
        if (payload.grantId) this.byGrant.set(payload.grantId, (this.byGrant.get(payload.grantId) ?? new Set()).add(key(id)));
        if (model === 'Session' && payload.uid) this.byUid.set(payload.uid, id);
      },
      find,
      findByUid: async (uid) => find(this.byUid.get(uid)),
      findByUserCode: async () => undefined,
      consume: async (id) => {
        const entry = this.entries.get(key(id));
        if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        this.entries.delete(key(id));
      },
      revokeByGrantId: async (grantId) => {
        for (const k of this.byGrant.get(grantId) ?? []) this.entries.delete(k);
        this.byGrant.delete(grantId);
      },
    };
  }
}
