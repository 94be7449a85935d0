import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { describeIssues } from '../validation/describe-issues';
import { serviceUrlProblem, type ServiceUrlRule } from './service-url';
import { projectRoot } from './project-root';

export type DatabaseUrl = { kind: 'sqlite'; path: string } | { kind: 'postgresql'; url: string };

const SMTP_URL: ServiceUrlRule = { schemes: ['smtp', 'smtps'], form: 'smtp://[user:password@]host[:port], or smtps://… for TLS', credentials: true };
const POSTGRES_URL: ServiceUrlRule = {
  schemes: ['postgres', 'postgresql'],
  form: 'postgres://user:password@host:5432/database',
  credentials: true,
  hostInQuery: true,
};
const PUBLIC_URL: ServiceUrlRule = { schemes: ['http', 'https'], form: 'https://onramp.example.nhs.uk (no user name or password)', credentials: false };

/** A zod check of a URL setting whose message never repeats the value (it may hold a password). */
const serviceUrl = (rule: ServiceUrlRule) =>
  z.string().superRefine((value, ctx) => {
    const problem = serviceUrlProblem(value, rule);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** `sqlite:<path>` (relative to the working directory) or `postgres://…` / `postgresql://…`. */
export function parseDatabaseUrl(raw: string): DatabaseUrl {
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new Error('DATABASE_URL "sqlite:" needs a file path, for example sqlite:./data/onramp.sqlite');
    return { kind: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  if (/^postgres(ql)?:\/\//i.test(raw)) {
    const problem = serviceUrlProblem(raw, POSTGRES_URL);
    if (problem) throw new Error(`DATABASE_URL is not a valid postgres:// URL: it ${problem} (the value is not shown: it may hold a password)`);
    return { kind: 'postgresql', url: raw };
  }
  throw new Error(`DATABASE_URL must start with "sqlite:" or "postgres://" (got "${raw.split(':')[0]}:…")`);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** proxy-addr's names for address ranges, accepted in an ONRAMP_TRUST_PROXY list. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];
const isProxyAddress = (entry: string) => {
  if (PROXY_RANGES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
};

/**
 * Which proxies' X-Forwarded-For Fastify believes when it works out `request.ip` (the address the
 * failed-authentication limit counts): false (none: the connection's address), true (every hop,
 * safe only when the load balancer overwrites the header), or the proxies' addresses/CIDR ranges,
 * the safe choice behind a load balancer. (Fastify 5 refuses a bare hop count: it cannot check the
 * proxy it trusts.)
 */
const trustProxy = z.union([z.boolean(), z.string()]).transform((value, ctx): boolean | string[] => {
  if (typeof value === 'boolean') return value;
  const text = value.trim();
  if (text === 'true' || text === 'false') return text === 'true';
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0 || !entries.every(isProxyAddress)) {
    ctx.addIssue({ code: 'custom', message: 'must be true, false, or comma-separated proxy addresses or CIDR ranges (such as 10.0.0.0/8)' });
    return z.NEVER;
  }
  return entries;
});

const fileSchema = z.strictObject({
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  databaseUrl: z.string().min(1),
  catalogueFile: z.string().min(1),
  dataDir: z.string().min(1),
  logLevel: z.enum(LOG_LEVELS),
  bodyLimitBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024),
  plugins: z.array(z.string().trim().min(1)),
  pluginOptions: z.record(z.string(), z.record(z.string(), z.unknown())),
  allowIncompatiblePlugins: z.array(z.string().trim().min(1)),
  pluginHookTimeoutMs: z.coerce.number().int().min(10).max(60000),
  templatesDir: z.string().min(1).nullable(),
  // null: derived from PORT, so links in mail follow the port the server listens on.
  publicUrl: serviceUrl(PUBLIC_URL).nullable(),
  smtpUrl: serviceUrl(SMTP_URL).nullable(),
  mailFrom: z
    .string()
    .min(3)
    .max(200)
    .regex(/^[^\r\n]*$/, 'must be one line'),
  mailDir: z.string().min(1),
  nationalRecipients: z.array(z.email()),
  complianceReportCron: z.string().min(9),
  weeklyDigestCron: z.string().min(9),
  reminderScanCron: z.string().min(9),
  dueSoonDays: z.coerce.number().int().min(1).max(60),
  mailWorkerIntervalMs: z.coerce.number().int().min(50).max(600000),
  mailMaxAttempts: z.coerce.number().int().min(1).max(50),
  mailRetryBaseMs: z.coerce.number().int().min(10).max(86400000),
  smtpMaxConnections: z.coerce.number().int().min(1).max(50),
  timezone: z.string().min(1),
  backgroundJobs: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]),
  idempotencyTtlHours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90),
  auditCheckpointDir: z.string().min(1).nullable(),
  auditSigningKeyFile: z.string().min(1).nullable(),
  auditCheckpointCron: z.string().min(9),
  readinessRefreshCron: z.string().min(9),
  trustProxy,
  authFailureLimit: z.coerce.number().int().min(1).max(100000),
  authFailureWindowSeconds: z.coerce.number().int().min(1).max(86400),
  authFailureBlockSeconds: z.coerce.number().int().min(1).max(86400),
  sessionIdleMinutes: z.coerce.number().int().min(1).max(1440),
  sessionAbsoluteHours: z.coerce.number().int().min(1).max(168),
  passwordMinLength: z.coerce.number().int().min(8).max(64),
  accountFailureLimit: z.coerce.number().int().min(1).max(1000),
  inviteLinkHours: z.coerce.number().int().min(1).max(720),
  resetLinkMinutes: z.coerce.number().int().min(5).max(1440),
});

export interface AppConfig {
  port: number;
  host: string;
  database: DatabaseUrl;
  catalogueFile: string;
  dataDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  bodyLimitBytes: number;
  /** Plugin specs in the order they compose: built-in ids, npm package names or paths. */
  plugins: string[];
  pluginOptions: Record<string, Record<string, unknown>>;
  allowIncompatiblePlugins: string[];
  /** Time limit of one plugin hook call; a hook still running is stopped and treated as failed. */
  pluginHookTimeoutMs: number;
  /** Deployment template overrides (ONRAMP_TEMPLATES_DIR), or null. */
  templatesDir: string | null;
  /** Base URL of links in emails, without a trailing slash; `http://localhost:<port>` unless ONRAMP_PUBLIC_URL is set. */
  publicUrl: string;
  /** SMTP server URL (may hold credentials: never logged), or null to write .eml files to mailDir. */
  smtpUrl: string | null;
  mailFrom: string;
  mailDir: string;
  nationalRecipients: string[];
  complianceReportCron: string;
  weeklyDigestCron: string;
  reminderScanCron: string;
  dueSoonDays: number;
  mailWorkerIntervalMs: number;
  mailMaxAttempts: number;
  mailRetryBaseMs: number;
  /** SMTP connections the pooled transport keeps open; the mail worker runs twice as many deliveries at once. */
  smtpMaxConnections: number;
  timezone: string;
  /** Whether this process runs the mail worker and the schedules. */
  backgroundJobs: boolean;
  /** How long an Idempotency-Key and its stored response are kept. */
  idempotencyTtlHours: number;
  /** Where signed audit checkpoints are appended (ONRAMP_AUDIT_CHECKPOINT_DIR, default <dataDir>/audit-checkpoints). */
  auditCheckpointDir: string;
  /** PEM (PKCS#8) Ed25519 private key file that signs checkpoints (ONRAMP_AUDIT_SIGNING_KEY_FILE), or null. */
  auditSigningKeyFile: string | null;
  /** When the heads of chains that moved are signed into a checkpoint (once across instances). */
  auditCheckpointCron: string;
  /** When readiness computed on earlier days is recomputed (in UTC). */
  readinessRefreshCron: string;
  /** The signing key itself, PEM or base64 DER (ONRAMP_AUDIT_SIGNING_KEY); never logged. */
  auditSigningKey: string | undefined;
  /** Fastify's trustProxy: whose X-Forwarded-For decides the client address (see the schema above). */
  trustProxy: boolean | string[];
  /** Failed authentications per client address allowed within the window; one more blocks the address. */
  authFailureLimit: number;
  /** The window, in seconds, in which failures are counted. */
  authFailureWindowSeconds: number;
  /** How long, in seconds, a blocked address gets 429 for every authentication attempt (fractions allowed in tests). */
  authFailureBlockSeconds: number;
  /** The bootstrap admin token; never logged. */
  adminToken: string | undefined;
  /** A web session unused for this long ends. */
  sessionIdleMinutes: number;
  /** A web session ends this long after sign-in, however busy. */
  sessionAbsoluteHours: number;
  /** Shortest password a person may set (the common-password list applies too). */
  passwordMinLength: number;
  /** Failed password sign-ins for one account within the failure window that lock it for the block time. */
  accountFailureLimit: number;
  /** How long an invitation's set-password link works. */
  inviteLinkHours: number;
  /** How long a password-reset link works. */
  resetLinkMinutes: number;
  /** Key that binds CSRF tokens to their session (ONRAMP_SESSION_SECRET, else kept in <dataDir>/session-secret); never logged. */
  sessionSecret: string | undefined;
  /** OpenID Connect sign-in (ONRAMP_OIDC_*), read by identity; the raw environment values, checked there. */
  oidcEnv: Record<string, string | undefined>;
}

export const APP_CONFIG = Symbol('AppConfig');

const ENV: Record<keyof z.infer<typeof fileSchema>, string> = {
  port: 'PORT',
  host: 'HOST',
  databaseUrl: 'DATABASE_URL',
  catalogueFile: 'ONRAMP_CATALOGUE_FILE',
  dataDir: 'ONRAMP_DATA_DIR',
  logLevel: 'LOG_LEVEL',
  bodyLimitBytes: 'ONRAMP_BODY_LIMIT_BYTES',
  plugins: 'ONRAMP_PLUGINS',
  pluginOptions: 'ONRAMP_PLUGIN_OPTIONS',
  allowIncompatiblePlugins: 'ONRAMP_ALLOW_INCOMPATIBLE_PLUGINS',
  pluginHookTimeoutMs: 'ONRAMP_PLUGIN_HOOK_TIMEOUT_MS',
  templatesDir: 'ONRAMP_TEMPLATES_DIR',
  publicUrl: 'ONRAMP_PUBLIC_URL',
  smtpUrl: 'SMTP_URL',
  mailFrom: 'MAIL_FROM',
  mailDir: 'ONRAMP_MAIL_DIR',
  nationalRecipients: 'ONRAMP_NATIONAL_RECIPIENTS',
  complianceReportCron: 'ONRAMP_COMPLIANCE_REPORT_CRON',
  weeklyDigestCron: 'ONRAMP_WEEKLY_DIGEST_CRON',
  reminderScanCron: 'ONRAMP_REMINDER_SCAN_CRON',
  dueSoonDays: 'ONRAMP_DUE_SOON_DAYS',
  mailWorkerIntervalMs: 'ONRAMP_MAIL_WORKER_INTERVAL_MS',
  mailMaxAttempts: 'ONRAMP_MAIL_MAX_ATTEMPTS',
  mailRetryBaseMs: 'ONRAMP_MAIL_RETRY_BASE_MS',
  smtpMaxConnections: 'ONRAMP_SMTP_MAX_CONNECTIONS',
  timezone: 'ONRAMP_TIMEZONE',
  backgroundJobs: 'ONRAMP_BACKGROUND_JOBS',
  idempotencyTtlHours: 'ONRAMP_IDEMPOTENCY_TTL_HOURS',
  auditCheckpointDir: 'ONRAMP_AUDIT_CHECKPOINT_DIR',
  auditSigningKeyFile: 'ONRAMP_AUDIT_SIGNING_KEY_FILE',
  auditCheckpointCron: 'ONRAMP_AUDIT_CHECKPOINT_CRON',
  readinessRefreshCron: 'ONRAMP_READINESS_REFRESH_CRON',
  trustProxy: 'ONRAMP_TRUST_PROXY',
  authFailureLimit: 'ONRAMP_AUTH_FAILURE_LIMIT',
  authFailureWindowSeconds: 'ONRAMP_AUTH_FAILURE_WINDOW_SECONDS',
  authFailureBlockSeconds: 'ONRAMP_AUTH_FAILURE_BLOCK_SECONDS',
  sessionIdleMinutes: 'ONRAMP_SESSION_IDLE_MINUTES',
  sessionAbsoluteHours: 'ONRAMP_SESSION_ABSOLUTE_HOURS',
  passwordMinLength: 'ONRAMP_PASSWORD_MIN_LENGTH',
  accountFailureLimit: 'ONRAMP_ACCOUNT_FAILURE_LIMIT',
  inviteLinkHours: 'ONRAMP_INVITE_LINK_HOURS',
  resetLinkMinutes: 'ONRAMP_RESET_LINK_MINUTES',
};

const list = (raw: string) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Environment values are strings; lists are comma-separated and options are JSON. */
function fromEnv(key: keyof typeof ENV, raw: string): unknown {
  if (key === 'plugins' || key === 'allowIncompatiblePlugins' || key === 'nationalRecipients') return list(raw);
  if (key === 'pluginOptions') {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw; // reported by the schema as "expected record"
    }
  }
  return raw;
}

/** Defaults from config/defaults.yaml, overridden by the environment; any bad value stops start-up naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const defaultsFile = join(projectRoot(), 'config', 'defaults.yaml');
  const defaults = parse(readFileSync(defaultsFile, 'utf8')) as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, name] of Object.entries(ENV) as [keyof typeof ENV, string][]) {
    const raw = env[name];
    // An empty ONRAMP_PLUGINS means "no plugins"; other empty variables mean "use the default".
    if (raw !== undefined && (raw !== '' || key === 'plugins')) merged[key] = fromEnv(key, raw);
  }
  const parsed = fileSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = describeIssues(parsed.error).map((line) => {
      const key = line.split(/[:.[]/)[0] as keyof typeof ENV;
      return ENV[key] ? `${ENV[key]} (${line})` : line;
    });
    throw new Error(`Invalid configuration (${defaultsFile} and environment):\n  - ${lines.join('\n  - ')}`);
  }
  const c = parsed.data;
  const dataDir = resolve(c.dataDir);
  const adminToken = env.ONRAMP_ADMIN_TOKEN || undefined;
  if (adminToken !== undefined && adminToken.length < 24)
    throw new Error('ONRAMP_ADMIN_TOKEN must be at least 24 characters; generate one with: openssl rand -hex 32');
  return {
    port: c.port,
    host: c.host,
    database: parseDatabaseUrl(c.databaseUrl),
    catalogueFile: isAbsolute(c.catalogueFile) ? c.catalogueFile : join(projectRoot(), c.catalogueFile),
    dataDir,
    logLevel: c.logLevel,
    bodyLimitBytes: c.bodyLimitBytes,
    plugins: c.plugins,
    pluginOptions: c.pluginOptions,
    allowIncompatiblePlugins: c.allowIncompatiblePlugins,
    pluginHookTimeoutMs: c.pluginHookTimeoutMs,
    templatesDir: c.templatesDir === null ? null : resolve(c.templatesDir),
    publicUrl: (c.publicUrl ?? `http://localhost:${c.port}`).replace(/\/+$/, ''),
    smtpUrl: c.smtpUrl,
    mailFrom: c.mailFrom,
    mailDir: resolve(c.mailDir),
    nationalRecipients: c.nationalRecipients,
    complianceReportCron: c.complianceReportCron,
    weeklyDigestCron: c.weeklyDigestCron,
    reminderScanCron: c.reminderScanCron,
    dueSoonDays: c.dueSoonDays,
    mailWorkerIntervalMs: c.mailWorkerIntervalMs,
    mailMaxAttempts: c.mailMaxAttempts,
    mailRetryBaseMs: c.mailRetryBaseMs,
    smtpMaxConnections: c.smtpMaxConnections,
    timezone: c.timezone,
    backgroundJobs: c.backgroundJobs,
    idempotencyTtlHours: c.idempotencyTtlHours,
    auditCheckpointDir: c.auditCheckpointDir === null ? join(dataDir, 'audit-checkpoints') : resolve(c.auditCheckpointDir),
    auditSigningKeyFile: c.auditSigningKeyFile === null ? null : resolve(c.auditSigningKeyFile),
    auditCheckpointCron: c.auditCheckpointCron,
    readinessRefreshCron: c.readinessRefreshCron,
    // Like the admin token, a secret is read from the environment only, never from a YAML file in the repository.
    auditSigningKey: env.ONRAMP_AUDIT_SIGNING_KEY || undefined,
    trustProxy: c.trustProxy,
    authFailureLimit: c.authFailureLimit,
    authFailureWindowSeconds: c.authFailureWindowSeconds,
    authFailureBlockSeconds: c.authFailureBlockSeconds,
    adminToken,
    sessionIdleMinutes: c.sessionIdleMinutes,
    sessionAbsoluteHours: c.sessionAbsoluteHours,
    passwordMinLength: c.passwordMinLength,
    accountFailureLimit: c.accountFailureLimit,
    inviteLinkHours: c.inviteLinkHours,
    resetLinkMinutes: c.resetLinkMinutes,
    sessionSecret: sessionSecret(env.ONRAMP_SESSION_SECRET),
    oidcEnv: Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('ONRAMP_OIDC_'))),
  };
}

function sessionSecret(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (raw.length < 32) throw new Error('ONRAMP_SESSION_SECRET must be at least 32 characters; generate one with: openssl rand -hex 32');
  return raw;
}
