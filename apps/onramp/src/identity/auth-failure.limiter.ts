import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, RateLimiterSQLite, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { LOGGER } from '../platform/logging/logger';
import { APP_CONFIG, type AppConfig } from '../shared/config/app-config';
import { DomainError } from '../shared/domain/domain-error';

/** The table the migrations create in the library's own layout (key, points, expire in epoch ms). */
const TABLE = 'auth_failures';
/** Expired rows are dead weight (the library treats them as absent); they are deleted this often. */
const CLEANUP_EVERY_MS = 5 * 60_000;
/** A blocked-address cache larger than this is pruned of expired entries when it grows. */
const CACHE_PRUNE_SIZE = 10_000;

const tooManyFailures = (msBeforeNext: number) => {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new DomainError(
    'AUTH.TOO_MANY_FAILURES',
    'too-many-attempts',
    `too many failed authentication attempts from this address: every attempt is refused for ${retryAfterSeconds} more second(s)`,
    { retryAfterSeconds },
  );
};

const accountLocked = (msBeforeNext: number) => {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new DomainError(
    'AUTH.ACCOUNT_LOCKED',
    'too-many-attempts',
    `This account is locked after too many wrong passwords. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or reset your password.`,
    { retryAfterSeconds },
  );
};

/** One password attempt, counted before the password was checked. */
export interface PasswordAttempt {
  /** The password was right: the attempt is given back, so signing in never uses up a person's own allowance. */
  succeeded(): Promise<void>;
}

const isBusy = (e: unknown) => typeof (e as { code?: unknown })?.code === 'string' && (e as { code: string }).code.startsWith('SQLITE_BUSY');

/**
 * Limits failed authentication per client address (API tokens now; password sign-in will use the
 * same limiter). Failures are counted in the database by rate-limiter-flexible, so the count holds
 * across instances; only failures touch the store. Once an address is over the limit, every
 * authentication attempt from it, with a valid credential or not, gets 429 until the block ends,
 * so a blocked client learns nothing about the credentials it tries.
 *
 * The check on each request is a lookup in this instance's cache of blocked addresses, filled from
 * the store's answer whenever a failure is recorded: a valid request costs no database round trip.
 * Across instances: the store blocks the address for all of them at once, and an instance learns of
 * the block at the first failure it sees from that address (which the store refuses), from then on
 * refusing valid credentials too. So after a block starts, each other instance can judge at most
 * one more attempt from that address before it also refuses everything.
 */
@Injectable()
export class AuthFailureLimiter implements OnModuleInit, OnApplicationShutdown {
  private limiter!: RateLimiterAbstract;
  /** Wrong passwords per account, in the same store (keys `account:<sha256 of the email>`). */
  private accounts!: RateLimiterAbstract;
  private deleteExpired: () => Promise<void> = async () => {};
  private closeStore: () => Promise<void> = async () => {};
  private cleanup: NodeJS.Timeout | undefined;
  /** Address → when its block ends (epoch ms), as the store last said. */
  private readonly blocked = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit() {
    const options = {
      keyPrefix: 'auth',
      points: this.config.authFailureLimit,
      duration: this.config.authFailureWindowSeconds,
      blockDuration: this.config.authFailureBlockSeconds,
    };
    const store = { ...options, tableName: TABLE, tableCreated: true, clearExpiredByTimeout: false };
    const accountOptions = { keyPrefix: 'account', points: this.config.accountFailureLimit };
    const database = this.config.database;
    if (database.kind === 'postgresql') {
      // A small pool of its own: the limiter runs outside any unit of work and must not wait for one.
      const { Pool } = require('pg') as typeof import('pg');
      const pool = new Pool({ connectionString: database.url, max: 2, idleTimeoutMillis: 30_000 });
      pool.on('error', (err) => this.logger.warn({ err }, 'failed-authentication store: idle connection error'));
      this.limiter = new RateLimiterPostgres({ ...store, storeClient: pool, storeType: 'pool' });
      this.accounts = new RateLimiterPostgres({ ...store, ...accountOptions, storeClient: pool, storeType: 'pool' });
      this.deleteExpired = async () => {
        await pool.query(`delete from ${TABLE} where expire < $1`, [Date.now()]);
      };
      this.closeStore = () => pool.end();
    } else if (database.path === ':memory:') {
      // An in-memory database is one process's alone, and a second connection would not see it.
      this.limiter = new RateLimiterMemory(options);
      this.accounts = new RateLimiterMemory({ ...options, ...accountOptions });
    } else {
      // Its own connection to the same file. No busy timeout: better-sqlite3 waits synchronously,
      // which would stall the event loop while this process's own unit of work holds the write
      // lock; a busy store is retried asynchronously instead (see consume).
      const sqlite = new Database(database.path, { timeout: 0 });
      this.limiter = new RateLimiterSQLite({ ...store, storeClient: sqlite, storeType: 'better-sqlite3' });
      this.accounts = new RateLimiterSQLite({ ...store, ...accountOptions, storeClient: sqlite, storeType: 'better-sqlite3' });
      this.deleteExpired = async () => {
        sqlite.prepare(`delete from ${TABLE} where expire < ?`).run(Date.now());
      };
      this.closeStore = async () => {
        sqlite.close();
      };
    }
    this.cleanup = setInterval(() => {
      this.deleteExpired().catch((err: unknown) => this.logger.debug({ err }, 'failed-authentication store: expired rows not deleted this time'));
    }, CLEANUP_EVERY_MS);
    this.cleanup.unref();
  }

  async onApplicationShutdown() {
    clearInterval(this.cleanup);
    await this.closeStore();
  }

  /** Refuses (429) an address this instance knows to be blocked. No I/O: called on every authenticated request. */
  assertNotBlocked(address: string): void {
    const until = this.blocked.get(address);
    if (until === undefined) return;
    const remaining = until - Date.now();
    if (remaining > 0) throw tooManyFailures(remaining);
    this.blocked.delete(address);
  }

  /**
   * Counts one failed authentication from `address`. Throws 429 when the address is now over the
   * limit (or already blocked elsewhere); returns when the failure may be answered as a plain 401.
   */
  async recordFailure(address: string): Promise<void> {
    await this.takeFromAddress(address);
  }

  /**
   * Takes one attempt from the address and one from the account BEFORE the password is checked, and
   * throws 429 when either has none left; `succeeded()` gives both back. Checking first and counting
   * after let a burst of guesses sent at once all be checked before the first failure was counted
   * (twelve parallel guesses at an account allowed three were all checked). Counted first, an
   * account is checked at most `accountFailureLimit` times, and an address `authFailureLimit`
   * times, per window however the guesses arrive; the next attempt is refused, right or wrong.
   */
  async beginPasswordAttempt(address: string, accountKey: string): Promise<PasswordAttempt> {
    this.assertNotBlocked(address);
    await this.assertAccountNotLocked(accountKey);
    const addressTaken = await this.takeFromAddress(address);
    const account = await this.take(this.accounts, accountKey, accountLocked, 'failed sign-in could not be counted');
    return {
      succeeded: async () => {
        const given = [addressTaken ? this.limiter.reward(address) : null, account ? this.accounts.reward(accountKey) : null];
        await Promise.all(given).catch((err: unknown) => this.logger.warn({ err }, 'a right password could not be given back its attempt'));
      },
    };
  }

  private takeFromAddress(address: string): Promise<boolean> {
    return this.take(this.limiter, address, tooManyFailures, 'failed authentication could not be counted', (until) => this.remember(address, until));
  }

  /** Consumes a point; true when it was counted, false when the store could not count it (logged: the caller is answered as if counted). */
  private async take(
    limiter: RateLimiterAbstract,
    key: string,
    refusal: (msBeforeNext: number) => DomainError,
    uncounted: string,
    onRefused?: (until: number) => void,
  ): Promise<boolean> {
    try {
      await this.consume(key, limiter);
      return true;
    } catch (e) {
      if (e instanceof RateLimiterRes) {
        onRefused?.(Date.now() + e.msBeforeNext);
        throw refusal(e.msBeforeNext);
      }
      // The caller is refused (401) either way; an unreachable store must not turn that into a 500.
      this.logger.warn({ err: e }, uncounted);
      return false;
    }
  }

  /**
   * Refuses (429) a sign-in to an account locked by too many wrong passwords, before its password
   * is checked, so a locked account cannot be guessed at from many addresses. One read of the store,
   * so attempts at a locked account do not write to it.
   */
  async assertAccountNotLocked(accountKey: string): Promise<void> {
    const state = await this.accounts.get(accountKey).catch(() => null);
    if (state && state.consumedPoints > this.config.accountFailureLimit) throw accountLocked(state.msBeforeNext);
  }

  private async consume(address: string, limiter = this.limiter): Promise<RateLimiterRes> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await limiter.consume(address);
      } catch (e) {
        // SQLite: another connection (this process's unit of work, or the CLI) holds the write lock.
        // The failed transaction consumed nothing, so trying again cannot count twice.
        if (!isBusy(e) || attempt >= 20) throw e;
        await delay(Math.min(10 * attempt, 100));
      }
    }
  }

  private remember(address: string, until: number) {
    if (this.blocked.size >= CACHE_PRUNE_SIZE) {
      const now = Date.now();
      for (const [key, end] of this.blocked) if (end <= now) this.blocked.delete(key);
    }
    this.blocked.set(address, until);
  }
}
