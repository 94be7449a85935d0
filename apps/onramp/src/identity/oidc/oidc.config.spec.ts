import fc from 'fast-check';
import { oidcConfigFromEnv } from './oidc.config';

const PUBLIC_URL = new URL('https://onramp.example.nhs.uk');
const ISSUER = 'https://login.example.nhs.uk/realms/onramp';
const base = { ONRAMP_OIDC_ISSUER: ISSUER, ONRAMP_OIDC_CLIENT_ID: 'onramp' };

/** The message oidcConfigFromEnv throws for `env`, or null when it accepts it. */
function refusal(env: Record<string, string | undefined>): string | null {
  try {
    oidcConfigFromEnv(env, PUBLIC_URL);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('oidcConfigFromEnv', () => {
  it.each([[{}], [{ ONRAMP_OIDC_ISSUER: '' }], [{ ONRAMP_OIDC_ISSUER: '   ', ONRAMP_OIDC_CLIENT_ID: 'ignored' }]])(
    'is null (OIDC off) without an issuer: %j',
    (env) => {
      expect(oidcConfigFromEnv(env, PUBLIC_URL)).toBeNull();
    },
  );

  it('uses the documented defaults and derives the redirect URI from the public URL', () => {
    expect(oidcConfigFromEnv(base, PUBLIC_URL)).toEqual({
      issuer: new URL(ISSUER),
      clientId: 'onramp',
      clientSecret: null,
      scopes: ['openid', 'email', 'profile'],
      emailClaim: 'email',
      nameClaim: 'name',
      redirectUri: new URL('https://onramp.example.nhs.uk/sign-in/oidc/callback'),
      allowInsecureHttp: false,
    });
  });

  it('takes every variable as given, trimming and de-duplicating scopes', () => {
    const config = oidcConfigFromEnv(
      {
        ...base,
        ONRAMP_OIDC_CLIENT_SECRET: 's3cret-value',
        ONRAMP_OIDC_SCOPES: '  openid profile  email nationalrbacaccess openid ',
        ONRAMP_OIDC_EMAIL_CLAIM: 'nhsid_email',
        ONRAMP_OIDC_NAME_CLAIM: 'display_name',
      },
      new URL('http://localhost:3000'),
    );
    expect(config).toMatchObject({
      clientSecret: 's3cret-value',
      scopes: ['openid', 'profile', 'email', 'nationalrbacaccess'],
      emailClaim: 'nhsid_email',
      nameClaim: 'display_name',
      redirectUri: new URL('http://localhost:3000/sign-in/oidc/callback'),
    });
  });

  it('treats an empty client secret as a public client', () => {
    expect(oidcConfigFromEnv({ ...base, ONRAMP_OIDC_CLIENT_SECRET: '' }, PUBLIC_URL)?.clientSecret).toBeNull();
  });

  it.each(['http://localhost:8080/oidc', 'http://127.0.0.1:4000', 'http://[::1]:4000/', 'http://LOCALHOST'])(
    'allows plain HTTP on the loopback issuer %s',
    (issuer) => {
      expect(oidcConfigFromEnv({ ...base, ONRAMP_OIDC_ISSUER: issuer }, PUBLIC_URL)?.allowInsecureHttp).toBe(true);
    },
  );

  it('requires a client id when the issuer is set', () => {
    expect(refusal({ ONRAMP_OIDC_ISSUER: ISSUER })).toBe(
      'ONRAMP_OIDC_CLIENT_ID is required when ONRAMP_OIDC_ISSUER is set: use the client id the provider registered for Onramp',
    );
    expect(refusal({ ONRAMP_OIDC_ISSUER: ISSUER, ONRAMP_OIDC_CLIENT_ID: '  ' })).toMatch(/^ONRAMP_OIDC_CLIENT_ID is required/);
  });

  it.each([['email profile'], ['OpenID email']])('refuses scopes without openid: %s', (scopes) => {
    expect(refusal({ ...base, ONRAMP_OIDC_SCOPES: scopes })).toMatch(/^ONRAMP_OIDC_SCOPES must include openid/);
  });

  it.each([['openid "email"'], ['openid e\\mail']])('refuses scope names with forbidden characters: %s', (scopes) => {
    expect(refusal({ ...base, ONRAMP_OIDC_SCOPES: scopes })).toMatch(/^ONRAMP_OIDC_SCOPES must be scope names/);
  });

  it.each([
    ['ONRAMP_OIDC_EMAIL_CLAIM', 'e mail'],
    ['ONRAMP_OIDC_NAME_CLAIM', 'näme'],
  ])('refuses %s=%j', (variable, value) => {
    expect(refusal({ ...base, [variable]: value })).toMatch(new RegExp(`^${variable} must be one claim name`));
  });

  it('refuses a client secret with surrounding whitespace without showing it', () => {
    const message = refusal({ ...base, ONRAMP_OIDC_CLIENT_SECRET: 'abc-secret-123\n' });
    expect(message).toMatch(/^ONRAMP_OIDC_CLIENT_SECRET starts or ends with whitespace/);
    expect(message).not.toContain('abc-secret-123');
  });

  describe('bad issuers (properties)', () => {
    const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);

    it('refuses http:// on any host but loopback, naming the variable and the fix', () => {
      fc.assert(
        fc.property(
          fc.domain().filter((host) => !loopback.has(host)),
          fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
          (host, port) => {
            const message = refusal({ ...base, ONRAMP_OIDC_ISSUER: `http://${host}${port ? `:${port}` : ''}/realm` });
            expect(message).toMatch(/^ONRAMP_OIDC_ISSUER uses http:\/\/ on .*: sign-in over plain HTTP is allowed only on localhost/);
          },
        ),
      );
    });

    it('refuses every scheme but https and http', () => {
      fc.assert(
        fc.property(
          fc.stringMatching(/^[a-z][a-z0-9+.-]{0,9}$/).filter((s) => s !== 'http' && s !== 'https'),
          fc.domain(),
          (scheme, host) => {
            expect(refusal({ ...base, ONRAMP_OIDC_ISSUER: `${scheme}://${host}/` })).toMatch(
              /^ONRAMP_OIDC_ISSUER (must start with https:\/\/|is not a valid URL)/,
            );
          },
        ),
      );
    });

    it('refuses an issuer with credentials, a query or a fragment, without repeating the password', () => {
      fc.assert(
        fc.property(fc.domain(), fc.stringMatching(/^[A-Za-z0-9]{8,20}$/), fc.constantFrom('credentials', 'query', 'fragment'), (host, password, flaw) => {
          const issuer =
            flaw === 'credentials' ? `https://user:${password}@${host}/` : flaw === 'query' ? `https://${host}/?p=${password}` : `https://${host}/#${password}`;
          const message = refusal({ ...base, ONRAMP_OIDC_ISSUER: issuer });
          expect(message).toMatch(/^ONRAMP_OIDC_ISSUER must not/);
          expect(message).not.toContain(password);
        }),
      );
    });

    it('refuses text that is not a URL without repeating it', () => {
      fc.assert(
        fc.property(
          fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '' && !URL.canParse(s.trim())),
          (text) => {
            const message = refusal({ ...base, ONRAMP_OIDC_ISSUER: text });
            expect(message).toMatch(/^ONRAMP_OIDC_ISSUER is not a valid URL: set it to an https:\/\/ URL/);
            if (text.trim().length >= 6) expect(message).not.toContain(text.trim());
          },
        ),
      );
    });
  });

  it('never shows the client secret in an error, even when it was pasted into another variable', () => {
    const badIssuers = ['http://idp.example.org', 'ftp://idp.example.org', 'https://idp.example.org/?x=1', 'not a url'];
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9._~-]{12,40}$/),
        fc.constantFrom(
          'ONRAMP_OIDC_ISSUER',
          'ONRAMP_OIDC_CLIENT_ID',
          'ONRAMP_OIDC_SCOPES',
          'ONRAMP_OIDC_EMAIL_CLAIM',
          'ONRAMP_OIDC_NAME_CLAIM',
          'nowhere else',
        ),
        fc.constantFrom(...badIssuers, ISSUER),
        fc.constantFrom(undefined, '', 'onramp'),
        fc.constantFrom(undefined, 'email profile', 'openid "x"'),
        (secret, misplacedInto, issuer, clientId, scopes) => {
          const env: Record<string, string | undefined> = {
            // With the secret nowhere else, a bad issuer makes sure there is an error to read.
            ONRAMP_OIDC_ISSUER: misplacedInto === 'nowhere else' && issuer === ISSUER ? badIssuers[0] : issuer,
            ONRAMP_OIDC_CLIENT_ID: clientId,
            ONRAMP_OIDC_CLIENT_SECRET: secret,
            ONRAMP_OIDC_SCOPES: scopes,
          };
          // Each misplacement is itself invalid, so every case is refused.
          if (misplacedInto === 'ONRAMP_OIDC_ISSUER') env[misplacedInto] = `http://${secret}.example.org/`;
          else if (misplacedInto === 'ONRAMP_OIDC_SCOPES') env[misplacedInto] = `email ${secret}`;
          else if (misplacedInto !== 'nowhere else') env[misplacedInto] = `${secret} x`;
          const message = refusal(env);
          expect(message).toMatch(/^ONRAMP_OIDC_[A-Z_]+ /);
          expect(message).not.toContain(secret);
        },
      ),
      { numRuns: 300 },
    );
  });
});
