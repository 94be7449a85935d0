import { createHash, timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';
import type { OidcConfig } from './oidc.config';

/** What Onramp keeps in the person's session between `begin()` and `finish()`. All three are random. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Who the provider says signed in. The email is lower-cased and trimmed; Onramp looks the account up by it. */
export interface SignedInPerson {
  /** The ID token's `sub`: stable per person at this provider. */
  subject: string;
  email: string;
  name: string;
  /** The ID token's claims overlaid with userinfo's, for whatever a later version maps (roles, organisations). */
  claims: Record<string, unknown>;
}

export type OidcSignInErrorCode = 'OIDC.STATE_MISMATCH' | 'OIDC.PROVIDER_ERROR' | 'OIDC.EXCHANGE_FAILED' | 'OIDC.NO_EMAIL' | 'OIDC.EMAIL_NOT_VERIFIED';

/**
 * A sign-in that did not succeed. `message` is written for the person signing in and may be shown
 * on the page; `detail` is for the log (what the library or provider reported). Neither ever holds
 * the client secret, the authorization code or a token. The library's error is deliberately not
 * kept as `cause`: some of openid-client's errors carry the whole token response.
 */
export class OidcSignInError extends Error {
  constructor(
    readonly code: OidcSignInErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'OidcSignInError';
  }
}

const MESSAGES = {
  stateMismatch:
    'This sign-in could not be matched to one started in this browser. It may have expired, or been started in another tab or window. Start signing in again.',
  exchangeFailed: 'Signing in could not be completed: your identity provider did not confirm who you are. Start signing in again.',
  noEmail:
    "Your identity provider did not share an email address for you, so Onramp cannot find your account. Ask your organisation's administrator to check the email address the provider holds for you.",
  notVerified:
    'Your identity provider says your email address is not verified, so Onramp cannot use it to find your account. Verify your email address with the provider, then sign in again.',
};
const DESCRIPTION_LIMIT = 200;
/** A deliberately loose shape check: enough to refuse a claim that is plainly not an address. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;
/** How long discovery, the token exchange and userinfo may each take. */
const REQUEST_TIMEOUT_SECONDS = 10;

/**
 * OpenID Connect sign-in (authorization code flow with PKCE S256, state and nonce) against one
 * provider, for example NHS CIS2 Authentication. Plain TypeScript: the web layer wraps it in a Nest
 * provider, keeps {@link PendingSignIn} in the session, and decides what the person may do.
 */
export class OidcSignIn {
  // #private, so that logging or serialising the object cannot reveal the client secret.
  readonly #config: OidcConfig;
  readonly #client: oidc.Configuration;

  private constructor(config: OidcConfig, client: oidc.Configuration) {
    this.#config = config;
    this.#client = client;
  }

  /** Reads the provider's discovery document. Throws an Error naming the issuer and what failed. */
  static async discover(config: OidcConfig): Promise<OidcSignIn> {
    const metadata: Partial<oidc.ClientMetadata> = config.clientSecret === null ? {} : { client_secret: config.clientSecret };
    const auth = config.clientSecret === null ? oidc.None() : oidc.ClientSecretBasic(config.clientSecret);
    try {
      const client = await oidc.discovery(config.issuer, config.clientId, metadata, auth, {
        execute: config.allowInsecureHttp ? [oidc.allowInsecureRequests] : [],
        timeout: REQUEST_TIMEOUT_SECONDS,
      });
      return new OidcSignIn(config, client);
    } catch (error) {
      throw new Error(
        `Could not read the OpenID Connect discovery document of ${config.issuer.href} (ONRAMP_OIDC_ISSUER): ${discoveryProblem(error)}. Check the issuer URL and that Onramp can reach it.`,
        // Discovery sends no credentials, so nothing secret can be in the library's error.
        { cause: error },
      );
    }
  }

  /** Starts a sign-in: where to send the person's browser, and what to remember until they come back. */
  async begin(): Promise<{ url: URL; pending: PendingSignIn }> {
    const pending: PendingSignIn = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
    const url = oidc.buildAuthorizationUrl(this.#client, {
      response_type: 'code',
      scope: this.#config.scopes.join(' '),
      redirect_uri: this.#config.redirectUri.href,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, pending };
  }

  /**
   * Completes a sign-in from the provider's redirect. Only the query of `callbackUrl` is read: the
   * redirect URI sent to the token endpoint is always the configured one, so a proxy in front of
   * Onramp cannot make the two differ.
   */
  async finish(callbackUrl: URL, pending: PendingSignIn): Promise<SignedInPerson> {
    // Checked here as well as by openid-client so that a forged or stale callback gets its own code
    // (and so that a provider error is only believed once it carries our state).
    const state = callbackUrl.searchParams.get('state');
    if (state === null || !pending.state || !pending.nonce || !pending.codeVerifier || !sameText(state, pending.state)) {
      throw new OidcSignInError('OIDC.STATE_MISMATCH', MESSAGES.stateMismatch);
    }
    const current = new URL(this.#config.redirectUri);
    current.search = callbackUrl.search;

    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(this.#client, current, {
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        pkceCodeVerifier: pending.codeVerifier,
        idTokenExpected: true,
      });
    } catch (error) {
      if (error instanceof oidc.AuthorizationResponseError) throw providerError(error.error, error.error_description);
      throw new OidcSignInError('OIDC.EXCHANGE_FAILED', MESSAGES.exchangeFailed, `token request: ${libraryProblem(error)}`);
    }
    const idClaims = tokens.claims();
    if (!idClaims) throw new OidcSignInError('OIDC.EXCHANGE_FAILED', MESSAGES.exchangeFailed, 'token response: no ID token');

    let userinfo: Record<string, unknown> = {};
    if (this.#client.serverMetadata().userinfo_endpoint) {
      try {
        userinfo = await oidc.fetchUserInfo(this.#client, tokens.access_token, idClaims.sub);
      } catch (error) {
        throw new OidcSignInError('OIDC.EXCHANGE_FAILED', MESSAGES.exchangeFailed, `userinfo request: ${libraryProblem(error)}`);
      }
    }

    const email = emailFrom(this.#config.emailClaim, userinfo, idClaims);
    return {
      subject: idClaims.sub,
      email,
      name: nameFrom(this.#config.nameClaim, userinfo, idClaims) ?? email,
      claims: { ...idClaims, ...userinfo },
    };
  }
}

/** userinfo first (where providers put profile claims for the code flow), then the ID token. */
function emailFrom(claim: string, userinfo: Record<string, unknown>, idClaims: Record<string, unknown>): string {
  const source = userinfo[claim] !== undefined ? userinfo : idClaims;
  const value = source[claim];
  if (typeof value !== 'string' || !EMAIL.test(value.trim())) {
    throw new OidcSignInError('OIDC.NO_EMAIL', MESSAGES.noEmail, value === undefined ? `no "${claim}" claim` : `"${claim}" claim is not an email address`);
  }
  // Some providers (Amazon Cognito among them) send the boolean as a string.
  const verified = source.email_verified;
  if (verified === false || verified === 'false') throw new OidcSignInError('OIDC.EMAIL_NOT_VERIFIED', MESSAGES.notVerified, 'email_verified is false');
  return value.trim().toLowerCase();
}

function nameFrom(claim: string, userinfo: Record<string, unknown>, idClaims: Record<string, unknown>): string | null {
  for (const source of [userinfo, idClaims]) {
    const name = source[claim];
    if (typeof name === 'string' && name.trim() !== '') return name.trim();
  }
  for (const source of [userinfo, idClaims]) {
    const parts = [source.given_name, source.family_name].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
    if (parts.length > 0) return parts.map((p) => p.trim()).join(' ');
  }
  return null;
}

function providerError(error: string, description: string | undefined): OidcSignInError {
  // RFC 6749 §4.1.2.1 limits both to printable ASCII; anything else is not repeated.
  const code = /^[\x20-\x7E]{1,64}$/.test(error) ? error : 'unknown_error';
  const text = (description ?? '')
    .replace(/[\x00-\x1F\x7F]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const said = text.length > DESCRIPTION_LIMIT ? `${text.slice(0, DESCRIPTION_LIMIT - 1)}…` : text;
  const why =
    code === 'access_denied'
      ? 'Your identity provider did not sign you in: the sign-in was cancelled or refused'
      : 'Your identity provider could not sign you in';
  return new OidcSignInError(
    'OIDC.PROVIDER_ERROR',
    `${why} (${code})${said ? `: ${said}` : ''}. Start signing in again, or ask your organisation's administrator for help.`,
    `authorization response: ${code}`,
  );
}

/**
 * The error and its causes, outermost first. Read by shape, not `instanceof`: fetch throws its
 * TypeError from Node's own realm, which under Jest is not the test's TypeError, and openid-client
 * then wraps it as "something went wrong".
 */
function causes(error: unknown): { message?: unknown; code?: unknown; name?: unknown; cause?: unknown; status?: unknown }[] {
  const chain = [];
  for (let e = error; typeof e === 'object' && e !== null && chain.length < 5; e = (e as { cause?: unknown }).cause) chain.push(e as object);
  return chain;
}

/** A Node system error code (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED…) anywhere in the chain. */
const systemCode = (error: unknown) =>
  causes(error)
    .map((e) => e.code)
    .find((code): code is string => typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) && !code.startsWith('OAUTH_') && !code.startsWith('ERR_'));

/** What openid-client or the provider reported, without tokens or codes: error codes, statuses and the library's own sentences. */
function libraryProblem(error: unknown): string {
  if (error instanceof oidc.ResponseBodyError) return `${error.error} (HTTP ${error.status})`;
  if (error instanceof oidc.WWWAuthenticateChallengeError) return `HTTP ${error.status} with a WWW-Authenticate challenge`;
  const parts = new Set(causes(error).flatMap((e) => [e.message, e.code].filter((p): p is string => typeof p === 'string' && p !== '')));
  // openid-client's wrapper for errors it does not know says nothing the causes do not say better.
  if (parts.size > 1) parts.delete('something went wrong');
  return parts.size === 0 ? 'unknown failure' : [...parts].join('; ');
}

function discoveryProblem(error: unknown): string {
  const [outer, inner] = causes(error);
  const code = outer?.code;
  if (code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED') {
    const found = (inner as { body?: { issuer?: unknown } } | undefined)?.body?.issuer;
    return `the document names a different issuer${typeof found === 'string' ? ` (${found.slice(0, 200)})` : ''}; set ONRAMP_OIDC_ISSUER to exactly that`;
  }
  if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && typeof inner?.status === 'number') return `the provider answered HTTP ${inner.status}`;
  if (code === 'OAUTH_RESPONSE_IS_NOT_JSON') return 'the provider did not answer with JSON';
  if (code === 'OAUTH_HTTP_REQUEST_FORBIDDEN') return 'it is not https:// (plain HTTP is allowed only on localhost)';
  if (code === 'OAUTH_TIMEOUT' || code === 'OAUTH_ABORT') return `no answer within ${REQUEST_TIMEOUT_SECONDS} s`;
  const system = systemCode(error);
  if (system) return `could not connect (${system})`;
  return libraryProblem(error);
}

/** Constant-time comparison of two strings of any length. */
function sameText(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
