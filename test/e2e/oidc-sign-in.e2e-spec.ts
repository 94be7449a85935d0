import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { OidcSignIn, OidcSignInError, type PendingSignIn } from '../../apps/onramp/src/identity/oidc/oidc-sign-in';
import { oidcConfigFromEnv, type OidcConfig } from '../../apps/onramp/src/identity/oidc/oidc.config';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider';

const PUBLIC_URL = new URL('http://127.0.0.1:3000');
const CALLBACK = 'http://127.0.0.1:3000/sign-in/oidc/callback';
const ALICE = { sub: 'alice-0001', email: '  Alice.Example@Example.NHS.UK ', name: 'Alice Example', emailVerified: true };
const BOB = { sub: 'bob-0002', email: 'bob@example.nhs.uk', name: 'Bob Unverified', emailVerified: false };
/** No email_verified claim at all, as NHS CIS2 sends it. */
const CAROL = { sub: 'carol-0003', email: 'carol@example.nhs.uk', name: 'Carol Example' };

function configFor(idp: TestOidcProvider, extra: Record<string, string> = {}): OidcConfig {
  const config = oidcConfigFromEnv(
    { ONRAMP_OIDC_ISSUER: idp.issuer.href, ONRAMP_OIDC_CLIENT_ID: idp.clientId, ONRAMP_OIDC_CLIENT_SECRET: idp.clientSecret ?? undefined, ...extra },
    PUBLIC_URL,
  );
  if (!config) throw new Error('OIDC should be on');
  return config;
}

/** The OidcSignInError `promise` rejects with. */
async function refusal(promise: Promise<unknown>): Promise<OidcSignInError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof OidcSignInError)) throw new Error(`expected an OidcSignInError, got ${String(error)}`);
  return error;
}

describe('OIDC sign-in against a real OpenID provider (oidc-provider, PKCE required)', () => {
  let idp: TestOidcProvider;
  let signIn: OidcSignIn;

  beforeAll(async () => {
    idp = await startOidcProvider({ accounts: [ALICE, BOB], redirectUris: [CALLBACK] });
    idp.addAccount(CAROL);
    signIn = await OidcSignIn.discover(configFor(idp));
  });
  afterAll(() => idp.close());

  describe('when a person signs in', () => {
    it('sends them to the provider with code, PKCE S256, state and nonce', async () => {
      const { url, pending } = await signIn.begin();

      expect(url.origin).toBe(idp.issuer.origin);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        client_id: idp.clientId,
        response_type: 'code',
        scope: 'openid email profile',
        redirect_uri: CALLBACK,
        code_challenge: createHash('sha256').update(pending.codeVerifier).digest('base64url'),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      const second = await signIn.begin();
      expect(new Set([pending.state, pending.nonce, pending.codeVerifier, second.pending.state, second.pending.nonce, second.pending.codeVerifier]).size).toBe(
        6,
      );
    });

    it('returns the subject, the email (trimmed, lower case) and the name, from userinfo', async () => {
      const { url, pending } = await signIn.begin();
      const callback = await idp.signIn(url, 'alice.example@example.nhs.uk');

      expect(callback.href.startsWith(`${CALLBACK}?`)).toBe(true);
      expect(callback.searchParams.get('state')).toBe(pending.state);
      expect(callback.searchParams.get('code')).toEqual(expect.any(String));

      const person = await signIn.finish(callback, pending);
      expect(person).toMatchObject({ subject: ALICE.sub, email: 'alice.example@example.nhs.uk', name: 'Alice Example' });
      expect(person.claims).toMatchObject({ iss: idp.issuer.origin, aud: idp.clientId, sub: ALICE.sub, email_verified: true, nonce: pending.nonce });
    });

    it('accepts an email without an email_verified claim (NHS CIS2 sends none)', async () => {
      const { url, pending } = await signIn.begin();
      const person = await signIn.finish(await idp.signIn(url, CAROL.sub), pending);

      expect(person).toMatchObject({ subject: CAROL.sub, email: 'carol@example.nhs.uk', name: 'Carol Example' });
      expect(person.claims).not.toHaveProperty('email_verified');
    });

    it('falls back to the ID token’s claims when the provider has no userinfo endpoint', async () => {
      const noUserinfo = await startOidcProvider({ accounts: [ALICE], userinfo: false, redirectUris: [CALLBACK] });
      try {
        const tokenOnly = await OidcSignIn.discover(configFor(noUserinfo));
        const { url, pending } = await tokenOnly.begin();
        const person = await tokenOnly.finish(await noUserinfo.signIn(url, ALICE.sub), pending);
        expect(person).toMatchObject({ subject: ALICE.sub, email: 'alice.example@example.nhs.uk', name: 'Alice Example' });
      } finally {
        await noUserinfo.close();
      }
    });

    it('works for a public client too (no secret: PKCE alone)', async () => {
      const publicIdp = await startOidcProvider({ accounts: [ALICE], clientSecret: null, redirectUris: [CALLBACK] });
      try {
        const publicSignIn = await OidcSignIn.discover(configFor(publicIdp));
        const { url, pending } = await publicSignIn.begin();
        const person = await publicSignIn.finish(await publicIdp.signIn(url, ALICE.sub), pending);
        expect(person.email).toBe('alice.example@example.nhs.uk');
      } finally {
        await publicIdp.close();
      }
    });
  });

  describe('when the callback is not the one this browser started', () => {
    it('refuses a state that does not match, and the code stays unredeemed', async () => {
      const started = await signIn.begin();
      const other = await signIn.begin();
      const callback = await idp.signIn(started.url, ALICE.sub);

      const error = await refusal(signIn.finish(callback, other.pending));
      expect(error.code).toBe('OIDC.STATE_MISMATCH');
      expect(error.message).toMatch(/Start signing in again/);
      // Nothing was sent to the token endpoint: the right browser can still finish.
      await expect(signIn.finish(callback, started.pending)).resolves.toMatchObject({ subject: ALICE.sub });
    });

    it('refuses a callback without state', async () => {
      const { url, pending } = await signIn.begin();
      const callback = await idp.signIn(url, ALICE.sub);
      callback.searchParams.delete('state');

      expect((await refusal(signIn.finish(callback, pending))).code).toBe('OIDC.STATE_MISMATCH');
    });
  });

  describe('when the token exchange cannot succeed', () => {
    it('refuses a tampered code, naming neither code in the message', async () => {
      const { url, pending } = await signIn.begin();
      const callback = await idp.signIn(url, ALICE.sub);
      const code = callback.searchParams.get('code') ?? '';
      callback.searchParams.set('code', `${code.slice(0, -2)}xx`);

      const error = await refusal(signIn.finish(callback, pending));
      expect(error.code).toBe('OIDC.EXCHANGE_FAILED');
      expect(error.detail).toMatch(/invalid_grant \(HTTP 400\)/);
      for (const text of [error.message, error.detail ?? '']) {
        expect(text).not.toContain(code.slice(0, -2));
        expect(text).not.toContain(idp.clientSecret);
      }
    });

    it('refuses a code redeemed with another PKCE verifier (the provider checks it)', async () => {
      const { url, pending } = await signIn.begin();
      const callback = await idp.signIn(url, ALICE.sub);
      const stolen: PendingSignIn = { ...pending, codeVerifier: (await signIn.begin()).pending.codeVerifier };

      const error = await refusal(signIn.finish(callback, stolen));
      expect(error.code).toBe('OIDC.EXCHANGE_FAILED');
      expect(error.detail).toMatch(/invalid_grant/);
    });

    it('refuses an ID token whose nonce is not the one sent', async () => {
      const { url, pending } = await signIn.begin();
      const callback = await idp.signIn(url, ALICE.sub);

      const error = await refusal(signIn.finish(callback, { ...pending, nonce: 'another-nonce' }));
      expect(error.code).toBe('OIDC.EXCHANGE_FAILED');
      expect(error.detail).toMatch(/nonce/);
    });

    it('refuses a code that was already redeemed', async () => {
      const { url, pending } = await signIn.begin();
      const callback = await idp.signIn(url, ALICE.sub);
      await signIn.finish(callback, pending);

      expect((await refusal(signIn.finish(callback, pending))).code).toBe('OIDC.EXCHANGE_FAILED');
    });
  });

  describe('when the provider vouches for no usable email address', () => {
    it('refuses an email the provider marks email_verified: false', async () => {
      const { url, pending } = await signIn.begin();
      const error = await refusal(signIn.finish(await idp.signIn(url, BOB.email), pending));

      expect(error.code).toBe('OIDC.EMAIL_NOT_VERIFIED');
      expect(error.message).toMatch(/not verified/);
    });

    it('refuses when the configured email claim is missing', async () => {
      const customClaim = await OidcSignIn.discover(configFor(idp, { ONRAMP_OIDC_EMAIL_CLAIM: 'nhsid_email' }));
      const { url, pending } = await customClaim.begin();
      const error = await refusal(customClaim.finish(await idp.signIn(url, ALICE.sub), pending));

      expect(error.code).toBe('OIDC.NO_EMAIL');
      expect(error.detail).toBe('no "nhsid_email" claim');
    });
  });

  describe('when the provider answers with an error', () => {
    it('reports access_denied (the person pressed Cancel) with the provider’s description', async () => {
      const { url, pending } = await signIn.begin();
      const callback = await idp.cancel(url);
      expect(callback.searchParams.get('error')).toBe('access_denied');

      const error = await refusal(signIn.finish(callback, pending));
      expect(error.code).toBe('OIDC.PROVIDER_ERROR');
      expect(error.message).toMatch(
        /^Your identity provider did not sign you in: the sign-in was cancelled or refused \(access_denied\): The person cancelled signing in\./,
      );
    });

    it('trims a long error_description to 200 characters', async () => {
      const { pending } = await signIn.begin();
      const callback = new URL(CALLBACK);
      const description = `${'A very long explanation. '.repeat(40)}END`;
      for (const [k, v] of Object.entries({ error: 'server_error', error_description: description, state: pending.state, iss: idp.issuer.origin })) {
        callback.searchParams.set(k, v);
      }

      const error = await refusal(signIn.finish(callback, pending));
      expect(error.code).toBe('OIDC.PROVIDER_ERROR');
      const said = /\(server_error\): (.*)\. Start signing in again/.exec(error.message)?.[1] ?? '';
      expect(said.length).toBe(200);
      expect(said.endsWith('…')).toBe(true);
      expect(error.message).not.toContain('END');
    });

    it('is refused by the provider itself when the request has no PKCE code_challenge', async () => {
      const { url, pending } = await signIn.begin();
      url.searchParams.delete('code_challenge');
      url.searchParams.delete('code_challenge_method');

      const response = await fetch(url, { redirect: 'manual' });
      expect(response.status).toBe(303);
      const callback = new URL(response.headers.get('location') ?? '');
      expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);
      expect(Object.fromEntries(callback.searchParams)).toMatchObject({
        error: 'invalid_request',
        error_description: 'Authorization Server policy requires PKCE to be used for this request',
        state: pending.state,
      });
      expect(callback.searchParams.has('code')).toBe(false);

      const error = await refusal(signIn.finish(callback, pending));
      expect(error.code).toBe('OIDC.PROVIDER_ERROR');
      expect(error.message).toContain('(invalid_request): Authorization Server policy requires PKCE');
    });
  });

  describe('the test provider', () => {
    it('refuses a login that matches no account', async () => {
      const { url } = await signIn.begin();
      await expect(idp.signIn(url, 'nobody@example.nhs.uk')).rejects.toThrow(
        'the test provider refused the login "nobody@example.nhs.uk": There is no account for',
      );
    });

    it('shows a plain HTML login form a browser can fill in', async () => {
      const { url } = await signIn.begin();
      const first = await fetch(url, { redirect: 'manual' });
      const interaction = new URL(first.headers.get('location') ?? '', url);
      const cookie = first.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const html = await (await fetch(interaction, { headers: { cookie } })).text();

      expect(html).toMatch(new RegExp(`<form id="login-form" method="post" action="${interaction.pathname}/login"`));
      expect(html).toMatch(/<input id="login" name="login" type="text" required/);
      expect(html).toMatch(/<input id="password" name="password" type="password">/);
      expect(html).toMatch(/<button type="submit" class="login login-submit">Sign-in<\/button>/);
    });
  });

  it('keeps the client secret out of logs of the sign-in object', () => {
    expect(inspect(signIn, { depth: 10, showHidden: true })).not.toContain(idp.clientSecret);
    expect(JSON.stringify(signIn)).not.toContain(idp.clientSecret);
  });

  describe('when the provider cannot be discovered', () => {
    it('names the issuer and the connection failure, not the secret', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const config = { ...configFor(idp), issuer: new URL(`http://127.0.0.1:${port}/`) };

      const error = await OidcSignIn.discover(config).then(
        () => null,
        (e: Error) => e,
      );
      expect(error?.message).toBe(
        `Could not read the OpenID Connect discovery document of http://127.0.0.1:${port}/ (ONRAMP_OIDC_ISSUER): could not connect (ECONNREFUSED). Check the issuer URL and that Onramp can reach it.`,
      );
      expect(error?.message).not.toContain(idp.clientSecret);
    });

    it('says which issuer the document names when it is not the configured one', async () => {
      const config = { ...configFor(idp), issuer: new URL(`http://localhost:${idp.issuer.port}/`) };
      await expect(OidcSignIn.discover(config)).rejects.toThrow(
        `the document names a different issuer (${idp.issuer.origin}); set ONRAMP_OIDC_ISSUER to exactly that.`,
      );
    });

    it('says what the provider answered when the issuer path is wrong', async () => {
      const config = { ...configFor(idp), issuer: new URL('/realms/wrong', idp.issuer) };
      await expect(OidcSignIn.discover(config)).rejects.toThrow(`of ${idp.issuer.origin}/realms/wrong (ONRAMP_OIDC_ISSUER): the provider answered HTTP 404.`);
    });
  });
});
