import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '../platform/database/unit-of-work';
import { APP_CONFIG, type AppConfig } from '../shared/config/app-config';
import { CLOCK, type Clock } from '../shared/domain/clock';
import { sha256 } from './digest';

/** A session's last use is written at most this often, not on every page. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Web sessions: the cookie holds 32 random bytes; the database holds only their sha256, the
 * account and two instants, so a session ends for every instance at once (sign-out, password
 * change, "sign out everywhere") and idle and absolute timeouts are checked on every request.
 */
@Injectable()
export class SessionService {
  /** Binds CSRF tokens to a session or to a visitor's pre-sign-in cookie. */
  private readonly csrfKey: Buffer;
  readonly cookieName: string;
  readonly csrfCookieName: string;
  readonly secure: boolean;

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.csrfKey = Buffer.from(config.sessionSecret ?? storedSecret(config.dataDir), 'utf8');
    // Secure cookies need HTTPS; the public URL says whether people reach Onramp over it.
    this.secure = config.publicUrl.startsWith('https://');
    // __Host-: sent only to this host, over HTTPS, for the whole site; a subdomain cannot plant it (fixation).
    this.cookieName = this.secure ? '__Host-onramp-session' : 'onramp-session';
    this.csrfCookieName = this.secure ? '__Host-onramp-form' : 'onramp-form';
  }

  /** Starts a session for the account and returns the cookie value (the only copy of the secret). */
  async start(userId: string): Promise<string> {
    const secret = randomBytes(32).toString('base64url');
    const sql = this.uow.sql();
    const now = sql.instant(this.clock.now());
    await sql.execute('insert into sessions (id, user_id, created_at, last_seen_at) values (?, ?, ?, ?)', [sha256(secret), userId, now, now]);
    return secret;
  }

  /** The session's id (its sha256) and account, or null when it is unknown, idle too long or too old (and then it is deleted). */
  async resolve(secret: string | undefined): Promise<{ id: string; userId: string } | null> {
    if (!secret || !/^[\w-]{43}$/.test(secret)) return null;
    const id = sha256(secret);
    const sql = this.uow.sql();
    const row = await sql.one<{ user_id: string; created_at: unknown; last_seen_at: unknown }>(
      'select user_id, created_at, last_seen_at from sessions where id = ?',
      [id],
    );
    if (!row) return null;
    const now = this.clock.now().getTime();
    const created = sql.readInstant(row.created_at).getTime();
    const seen = sql.readInstant(row.last_seen_at).getTime();
    if (now - seen > this.config.sessionIdleMinutes * 60_000 || now - created > this.config.sessionAbsoluteHours * 3_600_000) {
      await sql.execute('delete from sessions where id = ?', [id]);
      return null;
    }
    if (now - seen > TOUCH_EVERY_MS) await sql.execute('update sessions set last_seen_at = ? where id = ?', [sql.instant(new Date(now)), id]);
    return { id, userId: row.user_id };
  }

  async end(secret: string | undefined): Promise<void> {
    if (secret) await this.uow.sql().execute('delete from sessions where id = ?', [sha256(secret)]);
  }

  /** Deletes sessions past either timeout (the hourly purge). */
  async purgeExpired(): Promise<number> {
    const sql = this.uow.sql();
    const now = this.clock.now().getTime();
    return sql.execute('delete from sessions where last_seen_at < ? or created_at < ?', [
      sql.instant(new Date(now - this.config.sessionIdleMinutes * 60_000)),
      sql.instant(new Date(now - this.config.sessionAbsoluteHours * 3_600_000)),
    ]);
  }

  /** The CSRF token of forms shown to this session or visitor: an HMAC of what it is bound to, so nothing is stored. */
  csrfToken(binding: string): string {
    return createHmac('sha256', this.csrfKey).update(`csrf:${binding}`).digest('base64url');
  }

  csrfValid(binding: string | undefined, token: unknown): boolean {
    if (!binding || typeof token !== 'string' || token.length > 100) return false;
    const expected = Buffer.from(this.csrfToken(binding));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** An HMAC under the session secret: a stable key for a value that must not be stored or guessable as it is. */
  keyedDigest(value: string): string {
    return createHmac('sha256', this.csrfKey).update(`digest:${value}`).digest('hex');
  }

  /** A value a cookie may carry and nobody can alter: JSON, then its HMAC (for the sign-in in progress with an OpenID provider). */
  seal(value: unknown): string {
    const body = Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${body}.${createHmac('sha256', this.csrfKey).update(`seal:${body}`).digest('base64url')}`;
  }

  unseal<T>(sealed: string | undefined): T | null {
    const [body, mac] = (sealed ?? '').split('.');
    if (!body || !mac || !this.csrfValidMac(`seal:${body}`, mac)) return null;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
    } catch {
      return null;
    }
  }

  private csrfValidMac(message: string, mac: string): boolean {
    const expected = Buffer.from(createHmac('sha256', this.csrfKey).update(message).digest('base64url'));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /**
   * The attributes of every cookie Onramp sets, for setting it and for deleting it alike: a browser
   * ignores a Set-Cookie for a `__Host-` or `__Secure-` name that lacks Secure (and, for `__Host-`,
   * Path=/), so a deletion without them would leave the cookie in place.
   */
  cookieOptions(maxAgeSeconds?: number) {
    return { path: '/', httpOnly: true, secure: this.secure, sameSite: 'lax' as const, ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}) };
  }
}

/** Without ONRAMP_SESSION_SECRET, a secret kept in the data folder (mode 600), shared by every instance that shares the folder. */
function storedSecret(dataDir: string): string {
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (e) {
    // Another instance wrote it first: use theirs.
    if ((e as { code?: string }).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw e;
  }
}
