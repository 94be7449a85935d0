/**
 * Settings for signing in with OpenID Connect (authorization code + PKCE), read from the
 * environment. OIDC is off unless ONRAMP_OIDC_ISSUER is set. docs/sign-in-with-oidc.md explains
 * each variable; this file is the one place they are parsed.
 */
export interface OidcConfig {
  /** The provider's issuer identifier; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: URL;
  clientId: string;
  /** null: a public client (PKCE only, token endpoint auth `none`); otherwise `client_secret_basic`. */
  clientSecret: string | null;
  /** Always contains `openid`. */
  scopes: string[];
  /** The claim holding the person's email address (userinfo first, then the ID token). */
  emailClaim: string;
  /** The claim holding the person's display name. */
  nameClaim: string;
  /** `<public URL>/sign-in/oidc/callback`: the URI to register with the provider. */
  redirectUri: URL;
  /** True only for an http:// issuer on a loopback host (tests and local providers). */
  allowInsecureHttp: boolean;
}

export const OIDC_CALLBACK_PATH = '/sign-in/oidc/callback';
const DEFAULT_SCOPES = 'openid email profile';
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** RFC 6749 §3.3 scope-token characters. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** Claim names as providers spell them: `email`, `nhsid_useruid`, `https://example.org/claims/email`. */
const CLAIM_NAME = /^[\x21-\x7E]{1,200}$/;

/**
 * Reads the OIDC settings from `env`, or returns null when ONRAMP_OIDC_ISSUER is absent or empty.
 * Throws an Error naming the variable and what to change; the client secret (and any value that may
 * carry credentials) is never repeated in the message.
 */
export function oidcConfigFromEnv(env: Record<string, string | undefined>, publicUrl: URL): OidcConfig | null {
  const rawIssuer = env.ONRAMP_OIDC_ISSUER?.trim() ?? '';
  if (rawIssuer === '') return null;
  const secret = env.ONRAMP_OIDC_CLIENT_SECRET;
  try {
    const { issuer, allowInsecureHttp } = parseIssuer(rawIssuer);
    return {
      issuer,
      clientId: parseClientId(env.ONRAMP_OIDC_CLIENT_ID),
      clientSecret: parseClientSecret(secret),
      scopes: parseScopes(env.ONRAMP_OIDC_SCOPES),
      emailClaim: parseClaim('ONRAMP_OIDC_EMAIL_CLAIM', env.ONRAMP_OIDC_EMAIL_CLAIM, 'email'),
      nameClaim: parseClaim('ONRAMP_OIDC_NAME_CLAIM', env.ONRAMP_OIDC_NAME_CLAIM, 'name'),
      redirectUri: new URL(OIDC_CALLBACK_PATH, publicUrl),
      allowInsecureHttp,
    };
  } catch (error) {
    // Belt and braces: a secret pasted into the wrong variable must not reach a log either. The
    // original error is not kept as the cause, since its message is the unredacted one.
    const message = (error as Error).message;
    // eslint-disable-next-line preserve-caught-error
    throw new Error(secret && secret.trim() !== '' ? message.split(secret).join('[redacted]') : message);
  }
}

function parseIssuer(raw: string): { issuer: URL; allowInsecureHttp: boolean } {
  const form = 'an https:// URL such as https://login.example.nhs.uk/realms/onramp';
  // Node's URL error keeps the whole input; the value may hold credentials, so it is not repeated.
  if (!URL.canParse(raw)) throw new Error(`ONRAMP_OIDC_ISSUER is not a valid URL: set it to ${form}`);
  const issuer = new URL(raw);
  if (issuer.username !== '' || issuer.password !== '') {
    throw new Error(`ONRAMP_OIDC_ISSUER must not contain a user name or password: set it to ${form} and the secret in ONRAMP_OIDC_CLIENT_SECRET`);
  }
  if (issuer.search !== '' || issuer.hash !== '') {
    throw new Error(`ONRAMP_OIDC_ISSUER must not have a query (?…) or fragment (#…): an issuer identifier is ${form}`);
  }
  if (issuer.protocol === 'https:') return { issuer, allowInsecureHttp: false };
  if (issuer.protocol === 'http:') {
    if (LOOPBACK_HOSTS.has(issuer.hostname)) return { issuer, allowInsecureHttp: true };
    throw new Error(
      `ONRAMP_OIDC_ISSUER uses http:// on ${issuer.hostname}: sign-in over plain HTTP is allowed only on localhost, 127.0.0.1 or [::1]; use the provider's https:// issuer`,
    );
  }
  throw new Error(`ONRAMP_OIDC_ISSUER must start with https:// (got ${issuer.protocol}//…): set it to ${form}`);
}

function parseClientId(raw: string | undefined): string {
  const clientId = raw?.trim() ?? '';
  if (clientId === '')
    throw new Error('ONRAMP_OIDC_CLIENT_ID is required when ONRAMP_OIDC_ISSUER is set: use the client id the provider registered for Onramp');
  if (!/^[\x21-\x7E]{1,255}$/.test(clientId)) {
    throw new Error(
      'ONRAMP_OIDC_CLIENT_ID must be printable ASCII without spaces, at most 255 characters: copy the client id exactly as the provider shows it',
    );
  }
  return clientId;
}

function parseClientSecret(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  if (raw !== raw.trim()) {
    throw new Error('ONRAMP_OIDC_CLIENT_SECRET starts or ends with whitespace (a copied line break?): remove it; the value is not shown');
  }
  if (/[\x00-\x1F\x7F]/.test(raw))
    throw new Error('ONRAMP_OIDC_CLIENT_SECRET contains a control character: set it to the secret exactly; the value is not shown');
  return raw;
}

function parseScopes(raw: string | undefined): string[] {
  const text = raw === undefined || raw.trim() === '' ? DEFAULT_SCOPES : raw;
  const scopes = [...new Set(text.trim().split(/\s+/))];
  const bad = scopes.find((s) => !SCOPE_TOKEN.test(s));
  if (bad !== undefined) {
    throw new Error(
      'ONRAMP_OIDC_SCOPES must be scope names separated by spaces (printable ASCII, no quotes or backslashes), for example "openid email profile"',
    );
  }
  if (!scopes.includes('openid')) {
    throw new Error(`ONRAMP_OIDC_SCOPES must include openid (got "${scopes.join(' ')}"): for example "openid ${scopes.join(' ')}"`);
  }
  return scopes;
}

function parseClaim(variable: string, raw: string | undefined, fallback: string): string {
  const claim = raw === undefined || raw.trim() === '' ? fallback : raw.trim();
  if (!CLAIM_NAME.test(claim)) throw new Error(`${variable} must be one claim name (printable ASCII, no spaces), for example "${fallback}"`);
  return claim;
}
