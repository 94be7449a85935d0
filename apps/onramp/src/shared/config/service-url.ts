import { isIPv4, isIPv6 } from 'node:net';

/** What a URL-valued setting (SMTP_URL, DATABASE_URL, ONRAMP_PUBLIC_URL) must look like. */
export interface ServiceUrlRule {
  /** Accepted schemes, lower case, without "://". */
  schemes: readonly string[];
  /** The expected form, for the message: `smtp://[user:password@]host[:port]`. */
  form: string;
  /** Whether `user:password@` may appear. */
  credentials: boolean;
  /** Whether the host may instead come from a `?host=` parameter (PostgreSQL's Unix socket form). */
  hostInQuery?: boolean;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const LABEL = '[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?';
const HOST_NAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*\\.?$`);

const isHost = (host: string) => (host.startsWith('[') && host.endsWith(']') ? isIPv6(host.slice(1, -1)) : isIPv4(host) || HOST_NAME.test(host));
const isPort = (port: string) => /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535;

/**
 * Why `raw` is not an acceptable URL under `rule`, or null when it is. The answer never contains
 * any part of `raw`: such URLs carry passwords, and a start-up error is printed and logged.
 * (Node's own URL error keeps the whole input on the error object, so it must not be passed on.)
 */
export function serviceUrlProblem(raw: string, rule: ServiceUrlRule): string | null {
  const scheme = SCHEME.exec(raw)?.[1].toLowerCase();
  if (scheme === undefined || !rule.schemes.includes(scheme)) return `must start with ${rule.schemes.map((s) => `${s}://`).join(' or ')}`;
  const expected = `expected ${rule.form}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `${diagnose(raw.slice(scheme.length + 3)) ?? 'is not a valid URL'}; ${expected}`;
  }
  if (!rule.credentials && (url.username !== '' || url.password !== '')) return `must not contain a user name or password; ${expected}`;
  if (url.port !== '' && !isPort(url.port)) return `has a port that is not a number from 1 to 65535; ${expected}`;
  if (url.hostname === '') return rule.hostInQuery && url.searchParams.has('host') ? null : `has no host; ${expected}`;
  if (!isHost(url.hostname)) return `has a host that is neither a host name nor an IP address; ${expected}`;
  return null;
}

/** The reason a URL the WHATWG parser refused is wrong, where it can be told from its authority. */
function diagnose(afterScheme: string): string | null {
  const authority = afterScheme.split(/[/?#]/, 1)[0];
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const m = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(hostPort);
  if (!m) return null;
  const [, host, port] = m;
  if (port !== undefined && port !== '' && !isPort(port)) return 'has a port that is not a number from 1 to 65535';
  if (host === '') return 'has no host';
  if (!isHost(host)) return 'has a host that is neither a host name nor an IP address';
  return null;
}
