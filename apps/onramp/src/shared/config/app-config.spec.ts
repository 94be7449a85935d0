import { isAbsolute, join, resolve } from 'node:path';
import { loadConfig, parseDatabaseUrl } from './app-config';
import { projectRoot } from './project-root';

describe('parseDatabaseUrl', () => {
  it('resolves a relative SQLite path against the working directory', () => {
    const db = parseDatabaseUrl('sqlite:./data/onramp.sqlite');

    expect(db).toEqual({ kind: 'sqlite', path: resolve('./data/onramp.sqlite') });
    expect(isAbsolute((db as { path: string }).path)).toBe(true);
  });

  it('accepts an absolute SQLite path written as sqlite:///path', () => {
    expect(parseDatabaseUrl('sqlite:///var/lib/onramp/db.sqlite')).toEqual({ kind: 'sqlite', path: '/var/lib/onramp/db.sqlite' });
  });

  it('keeps the in-memory SQLite database as it is', () => {
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
  });

  it('refuses sqlite: without a path', () => {
    expect(() => parseDatabaseUrl('sqlite:')).toThrow('needs a file path');
  });

  it.each([['postgres://onramp:secret@db.example:5432/onramp'], ['postgresql://onramp@localhost/onramp']])('keeps the PostgreSQL URL %s unchanged', (url) => {
    expect(parseDatabaseUrl(url)).toEqual({ kind: 'postgresql', url });
  });

  it('refuses a malformed PostgreSQL URL', () => {
    expect(() => parseDatabaseUrl('postgres://[not-a-host')).toThrow('DATABASE_URL is not a valid postgres:// URL');
  });

  it('refuses any other scheme, naming it but not the rest (which may hold a password)', () => {
    let message = '';
    try {
      parseDatabaseUrl('mysql://root:hunter2@localhost/onramp');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('must start with "sqlite:" or "postgres://" (got "mysql:…")');
    expect(message).not.toContain('hunter2');
  });
});

describe('loadConfig', () => {
  const TOKEN_24 = 'a'.repeat(24);

  it('uses the documented defaults with an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      database: { kind: 'sqlite', path: resolve('./data/onramp.sqlite') },
      catalogueFile: join(projectRoot(), 'config', 'catalogue', 'core.yaml'),
      dataDir: resolve('./data'),
      logLevel: 'info',
      bodyLimitBytes: 262144,
      plugins: ['acute', 'mental-health', 'independent-sector'],
      pluginOptions: {},
      allowIncompatiblePlugins: [],
      pluginHookTimeoutMs: 2000,
      templatesDir: null,
      publicUrl: 'http://localhost:3000',
      smtpUrl: null,
      mailFrom: 'Onramp <onramp@localhost>',
      mailDir: resolve('./data/mail'),
      nationalRecipients: [],
      complianceReportCron: '0 7 * * 1',
      weeklyDigestCron: '0 8 * * 1',
      reminderScanCron: '0 6 * * *',
      dueSoonDays: 7,
      mailWorkerIntervalMs: 2000,
      mailMaxAttempts: 8,
      mailRetryBaseMs: 30000,
      smtpMaxConnections: 5,
      timezone: 'Europe/London',
      backgroundJobs: true,
      idempotencyTtlHours: 24,
      auditCheckpointCron: '*/10 * * * *',
      readinessRefreshCron: '5 0 * * *',
      auditCheckpointDir: resolve('./data/audit-checkpoints'),
      auditSigningKeyFile: null,
      auditSigningKey: undefined,
      trustProxy: false,
      authFailureLimit: 20,
      authFailureWindowSeconds: 600,
      authFailureBlockSeconds: 900,
      adminToken: undefined,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      passwordMinLength: 12,
      accountFailureLimit: 10,
      inviteLinkHours: 72,
      resetLinkMinutes: 60,
      sessionSecret: undefined,
      oidcEnv: {},
    });
  });

  it('reads the sign-in settings: timeouts, password rules and links from the environment; the session secret and OIDC variables as given', () => {
    const secret = 'x'.repeat(32);
    const config = loadConfig({
      ONRAMP_SESSION_IDLE_MINUTES: '15',
      ONRAMP_SESSION_ABSOLUTE_HOURS: '8',
      ONRAMP_PASSWORD_MIN_LENGTH: '14',
      ONRAMP_ACCOUNT_FAILURE_LIMIT: '5',
      ONRAMP_INVITE_LINK_HOURS: '24',
      ONRAMP_RESET_LINK_MINUTES: '30',
      ONRAMP_SESSION_SECRET: secret,
      ONRAMP_OIDC_ISSUER: 'https://idp.example.nhs.uk',
    });
    expect(config).toMatchObject({
      sessionIdleMinutes: 15,
      sessionAbsoluteHours: 8,
      passwordMinLength: 14,
      accountFailureLimit: 5,
      inviteLinkHours: 24,
      resetLinkMinutes: 30,
      sessionSecret: secret,
      oidcEnv: { ONRAMP_OIDC_ISSUER: 'https://idp.example.nhs.uk' },
    });
  });

  it('refuses a session secret shorter than 32 characters and a password minimum below 8, naming the variable', () => {
    expect(() => loadConfig({ ONRAMP_SESSION_SECRET: 'short' })).toThrow(/ONRAMP_SESSION_SECRET must be at least 32 characters/);
    expect(() => loadConfig({ ONRAMP_PASSWORD_MIN_LENGTH: '6' })).toThrow(/ONRAMP_PASSWORD_MIN_LENGTH/);
  });

  it('reads plugin settings from the environment: lists comma-separated, options as JSON, empty list allowed', () => {
    const config = loadConfig({
      ONRAMP_PLUGINS: ' acute , ./my-plugin ',
      ONRAMP_PLUGIN_OPTIONS: '{"acute":{"x":1}}',
      ONRAMP_ALLOW_INCOMPATIBLE_PLUGINS: 'acute',
    });
    expect(config).toMatchObject({ plugins: ['acute', './my-plugin'], pluginOptions: { acute: { x: 1 } }, allowIncompatiblePlugins: ['acute'] });
    expect(loadConfig({ ONRAMP_PLUGINS: '' }).plugins).toEqual([]);
    expect(() => loadConfig({ ONRAMP_PLUGIN_OPTIONS: '{not json' })).toThrow(/ONRAMP_PLUGIN_OPTIONS/);
    expect(() => loadConfig({ ONRAMP_PLUGIN_HOOK_TIMEOUT_MS: 'soon' })).toThrow(/ONRAMP_PLUGIN_HOOK_TIMEOUT_MS/);
    expect(() => loadConfig({ ONRAMP_PLUGIN_HOOK_TIMEOUT_MS: '0' })).toThrow(/ONRAMP_PLUGIN_HOOK_TIMEOUT_MS/);
  });

  it('refuses bad mail settings naming the variable, without echoing a secret', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://user:hunter2@mail' })).toThrow(/SMTP_URL \(smtpUrl: must start with smtp:\/\/ or smtps:\/\/\)/);
    expect(() => loadConfig({ SMTP_URL: 'http://user:hunter2@mail' })).not.toThrow(/hunter2/);
    expect(() => loadConfig({ ONRAMP_NATIONAL_RECIPIENTS: 'national@example.nhs.uk,not-an-address' })).toThrow(/ONRAMP_NATIONAL_RECIPIENTS/);
    expect(() => loadConfig({ MAIL_FROM: 'Onramp <a@b.nhs.uk>\r\nBcc: x@y.z' })).toThrow(/MAIL_FROM/);
  });

  it('lets the environment override each default', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://onramp@localhost/onramp',
      ONRAMP_CATALOGUE_FILE: '/etc/onramp/catalogue.yaml',
      ONRAMP_DATA_DIR: '/var/lib/onramp',
      LOG_LEVEL: 'debug',
      ONRAMP_BODY_LIMIT_BYTES: '4096',
      ONRAMP_PLUGINS: 'acute',
      ONRAMP_PLUGIN_HOOK_TIMEOUT_MS: '500',
      SMTP_URL: 'smtp://user:secret@mail.example.nhs.uk:587',
      ONRAMP_NATIONAL_RECIPIENTS: 'ers.national@example.nhs.uk, second@example.nhs.uk',
      ONRAMP_ADMIN_TOKEN: TOKEN_24,
    });

    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      database: { kind: 'postgresql', url: 'postgres://onramp@localhost/onramp' },
      catalogueFile: '/etc/onramp/catalogue.yaml',
      dataDir: '/var/lib/onramp',
      logLevel: 'debug',
      bodyLimitBytes: 4096,
      plugins: ['acute'],
      pluginOptions: {},
      allowIncompatiblePlugins: [],
      pluginHookTimeoutMs: 500,
      templatesDir: null,
      publicUrl: 'http://localhost:8080',
      smtpUrl: 'smtp://user:secret@mail.example.nhs.uk:587',
      mailFrom: 'Onramp <onramp@localhost>',
      mailDir: resolve('./data/mail'),
      nationalRecipients: ['ers.national@example.nhs.uk', 'second@example.nhs.uk'],
      complianceReportCron: '0 7 * * 1',
      weeklyDigestCron: '0 8 * * 1',
      reminderScanCron: '0 6 * * *',
      dueSoonDays: 7,
      mailWorkerIntervalMs: 2000,
      mailMaxAttempts: 8,
      mailRetryBaseMs: 30000,
      smtpMaxConnections: 5,
      timezone: 'Europe/London',
      backgroundJobs: true,
      idempotencyTtlHours: 24,
      auditCheckpointCron: '*/10 * * * *',
      readinessRefreshCron: '5 0 * * *',
      auditCheckpointDir: '/var/lib/onramp/audit-checkpoints',
      auditSigningKeyFile: null,
      auditSigningKey: undefined,
      trustProxy: false,
      authFailureLimit: 20,
      authFailureWindowSeconds: 600,
      authFailureBlockSeconds: 900,
      adminToken: TOKEN_24,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      passwordMinLength: 12,
      accountFailureLimit: 10,
      inviteLinkHours: 72,
      resetLinkMinutes: 60,
      sessionSecret: undefined,
      oidcEnv: {},
    });
  });

  it('reads the audit anchoring settings: checkpoint directory and key file resolved, the key itself from the environment only', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\n(the configuration keeps it as given; signing-key.ts parses it)\n-----END PRIVATE KEY-----\n';
    const config = loadConfig({
      ONRAMP_AUDIT_CHECKPOINT_DIR: './anchor/checkpoints',
      ONRAMP_AUDIT_SIGNING_KEY_FILE: 'secrets/audit.pem',
      ONRAMP_AUDIT_SIGNING_KEY: pem,
    });

    expect(config).toMatchObject({
      auditCheckpointDir: resolve('./anchor/checkpoints'),
      auditSigningKeyFile: resolve('secrets/audit.pem'),
      auditSigningKey: pem,
    });
  });

  it('puts the checkpoint directory under the data directory unless it is set', () => {
    expect(loadConfig({ ONRAMP_DATA_DIR: '/srv/onramp' }).auditCheckpointDir).toBe('/srv/onramp/audit-checkpoints');
    expect(loadConfig({ ONRAMP_DATA_DIR: '/srv/onramp', ONRAMP_AUDIT_CHECKPOINT_DIR: '/mnt/anchor' }).auditCheckpointDir).toBe('/mnt/anchor');
  });

  it('treats empty audit variables as unset', () => {
    expect(loadConfig({ ONRAMP_AUDIT_SIGNING_KEY: '', ONRAMP_AUDIT_SIGNING_KEY_FILE: '', ONRAMP_AUDIT_CHECKPOINT_DIR: '' })).toMatchObject({
      auditSigningKey: undefined,
      auditSigningKeyFile: null,
      auditCheckpointDir: resolve('./data/audit-checkpoints'),
    });
  });

  it('derives the public URL of links in mail from PORT when ONRAMP_PUBLIC_URL is not set', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({}).publicUrl).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '8080', ONRAMP_PUBLIC_URL: '' }).publicUrl).toBe('http://localhost:8080');
  });

  it('takes ONRAMP_PUBLIC_URL as given when it is set, whatever PORT is', () => {
    expect(loadConfig({ PORT: '8080', ONRAMP_PUBLIC_URL: 'https://onramp.example.nhs.uk/' }).publicUrl).toBe('https://onramp.example.nhs.uk');
  });

  /** The message of the error loadConfig throws for this environment. */
  function configError(env: NodeJS.ProcessEnv): string {
    try {
      loadConfig(env);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('loadConfig accepted the configuration');
  }

  it.each([
    ['no host (smtp://u:secret@)', 'smtp://u:hunter2@', /SMTP_URL \(smtpUrl: has no host; expected smtp:\/\/\[user:password@\]host\[:port\]/],
    ['port 99999', 'smtp://u:hunter2@mail.example.nhs.uk:99999', /SMTP_URL \(smtpUrl: has a port that is not a number from 1 to 65535/],
    ['port 0', 'smtp://u:hunter2@mail.example.nhs.uk:0', /SMTP_URL \(smtpUrl: has a port that is not a number from 1 to 65535/],
    ['a garbage host', 'smtp://u:hunter2@mail%20relay!', /SMTP_URL \(smtpUrl: has a host that is neither a host name nor an IP address/],
    ['another scheme', 'http://u:hunter2@mail.example.nhs.uk', /SMTP_URL \(smtpUrl: must start with smtp:\/\/ or smtps:\/\/\)/],
  ])('refuses SMTP_URL with %s at start-up, naming SMTP_URL and never echoing the URL or its password', (_what, url, message) => {
    const error = configError({ SMTP_URL: url });
    expect(error).toMatch(message);
    expect(error).not.toContain('hunter2');
    expect(error).not.toContain(url);
  });

  it.each([
    [
      'port 99999',
      'postgres://onramp:hunter2@db.example.nhs.uk:99999/onramp',
      /^DATABASE_URL is not a valid postgres:\/\/ URL: it has a port that is not a number from 1 to 65535/,
    ],
    ['no host', 'postgres://onramp:hunter2@/onramp', /^DATABASE_URL is not a valid postgres:\/\/ URL: it has no host/],
    ['a garbage host', 'postgresql://onramp:hunter2@db host/onramp', /^DATABASE_URL is not a valid postgres:\/\/ URL: it /],
  ])('refuses DATABASE_URL with %s, naming DATABASE_URL and never echoing the URL or its password', (_what, url, message) => {
    const error = configError({ DATABASE_URL: url });
    expect(error).toMatch(message);
    expect(error).not.toContain('hunter2');
  });

  it('refuses ONRAMP_PUBLIC_URL with a user name and password (links in mail would carry them), without echoing them', () => {
    const error = configError({ ONRAMP_PUBLIC_URL: 'https://admin:hunter2@onramp.example.nhs.uk' });
    expect(error).toMatch(/ONRAMP_PUBLIC_URL \(publicUrl: must not contain a user name or password/);
    expect(error).not.toContain('hunter2');
  });

  it('accepts SMTP and PostgreSQL URLs with credentials, IPv6 hosts and container names', () => {
    expect(loadConfig({ SMTP_URL: 'smtps://relay:p%40ss@[2001:db8::25]:465' }).smtpUrl).toBe('smtps://relay:p%40ss@[2001:db8::25]:465');
    expect(loadConfig({ SMTP_URL: 'smtp://mail_relay:25' }).smtpUrl).toBe('smtp://mail_relay:25');
    expect(loadConfig({ DATABASE_URL: 'postgres:///onramp?host=/var/run/postgresql' }).database).toEqual({
      kind: 'postgresql',
      url: 'postgres:///onramp?host=/var/run/postgresql',
    });
  });

  it('reads the failed-authentication limit and the proxies to trust from the environment', () => {
    expect(
      loadConfig({
        ONRAMP_AUTH_FAILURE_LIMIT: '5',
        ONRAMP_AUTH_FAILURE_WINDOW_SECONDS: '60',
        ONRAMP_AUTH_FAILURE_BLOCK_SECONDS: '120',
        ONRAMP_TRUST_PROXY: 'true',
      }),
    ).toMatchObject({ authFailureLimit: 5, authFailureWindowSeconds: 60, authFailureBlockSeconds: 120, trustProxy: true });
    expect(loadConfig({ ONRAMP_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ ONRAMP_TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,loopback, 2001:db8::/32' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      'loopback',
      '2001:db8::/32',
    ]);
  });

  it.each([
    ['ONRAMP_TRUST_PROXY', 'yes'],
    ['ONRAMP_TRUST_PROXY', '10.0.0.0/33'],
    ['ONRAMP_TRUST_PROXY', '2'],
    ['ONRAMP_AUTH_FAILURE_LIMIT', '0'],
    ['ONRAMP_AUTH_FAILURE_LIMIT', 'many'],
    ['ONRAMP_AUTH_FAILURE_WINDOW_SECONDS', '-1'],
    ['ONRAMP_AUTH_FAILURE_BLOCK_SECONDS', '1.5'],
    ['ONRAMP_SMTP_MAX_CONNECTIONS', '0'],
    ['ONRAMP_SMTP_MAX_CONNECTIONS', '51'],
    ['ONRAMP_SMTP_MAX_CONNECTIONS', 'lots'],
  ])('refuses %s=%s, naming it', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`- ${variable} \\(`));
  });

  it('reads how many SMTP connections the pool keeps open', () => {
    expect(loadConfig({ ONRAMP_SMTP_MAX_CONNECTIONS: '12' }).smtpMaxConnections).toBe(12);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', ONRAMP_ADMIN_TOKEN: '' })).toMatchObject({ port: 3000, adminToken: undefined });
  });

  it('resolves a relative catalogue file against the project root', () => {
    expect(loadConfig({ ONRAMP_CATALOGUE_FILE: 'config/other.yaml' }).catalogueFile).toBe(join(projectRoot(), 'config', 'other.yaml'));
  });

  it.each([['not-a-number'], ['70000'], ['80.5'], ['-1']])('refuses PORT=%s, naming PORT', (port) => {
    expect(() => loadConfig({ PORT: port })).toThrow(/Invalid configuration[\s\S]*\n {2}- PORT \(port: /);
  });

  it('names each bad variable when several are wrong', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud', ONRAMP_BODY_LIMIT_BYTES: '10' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('- PORT (port:');
    expect(message).toContain('- LOG_LEVEL (logLevel:');
    expect(message).toContain('- ONRAMP_BODY_LIMIT_BYTES (bodyLimitBytes:');
  });

  it('refuses a bad DATABASE_URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://localhost/onramp' })).toThrow('DATABASE_URL must start with');
  });

  it('refuses an admin token shorter than 24 characters', () => {
    expect(() => loadConfig({ ONRAMP_ADMIN_TOKEN: 'a'.repeat(23) })).toThrow('ONRAMP_ADMIN_TOKEN must be at least 24 characters');
  });

  it('accepts an admin token of 24 characters', () => {
    expect(loadConfig({ ONRAMP_ADMIN_TOKEN: TOKEN_24 }).adminToken).toBe(TOKEN_24);
  });
});
