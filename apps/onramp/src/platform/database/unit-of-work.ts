import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { DriverException, MikroORM, OptimisticLockError, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { CLOCK, type Clock } from '../../shared/domain/clock';
import { DomainError } from '../../shared/domain/domain-error';
import type { CommandMeta } from '../../shared/domain/roles';
import { EventDispatcher } from '../events/event-dispatcher';
import { IdempotencyReservations } from '../idempotency/idempotency-reservations';
import { sqlOf, type Sql } from './sql-executor';
import { Transaction, type Dialect } from './transaction';

export { Transaction } from './transaction';

const concurrentChange = () =>
  new DomainError('CONCURRENT_MODIFICATION', 'conflict', 'another change to the same data was committed at the same moment: reload and try again');
const stillBusy = () =>
  new DomainError('DATABASE.BUSY', 'conflict', 'the database stayed busy with other writers for some 15 seconds; nothing was written: retry in a moment', {
    retryAfterSeconds: 1,
  });

/**
 * How often a transaction that found the database busy (another SQLite process writing, a
 * PostgreSQL deadlock) is tried again before the caller hears about it: with the backoff below,
 * some 15 seconds of waiting, asynchronously.
 */
const RETRIES = 12;
const backoffMs = (attempt: number) => Math.min(2000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2);

/**
 * Runs one command in one database transaction on its own entity manager fork (no global
 * context). The command changes state and records events; before the commit the events are
 * dispatched to the transactional subscribers (audit trail, read models, outbox), so state,
 * events, audit entries, read models and mail commit together or not at all. An Idempotency-Key
 * sent with the request is reserved as the transaction's first write.
 */
@Injectable()
export class UnitOfWork {
  readonly dialect: Dialect;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dispatcher: EventDispatcher,
    private readonly idempotency: IdempotencyReservations,
  ) {
    this.dialect = config.database.kind;
  }

  async run<T>(meta: CommandMeta, work: (tx: Transaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.orm.em.fork().transactional(async (em) => {
          const tx = new Transaction(em, meta, this.dialect, () => this.clock.now());
          await this.idempotency.reserve(tx);
          const result = await work(tx);
          await em.flush();
          await this.dispatcher.drain(tx);
          await em.flush();
          return result;
        });
      } catch (e) {
        // SQLite busy after the busy timeout, or a PostgreSQL deadlock: the transaction rolled back whole, so trying again is safe.
        if (isTransient(e)) {
          if (attempt >= RETRIES) throw stillBusy();
          await sleep(backoffMs(attempt));
          continue;
        }
        if (e instanceof OptimisticLockError || e instanceof UniqueConstraintViolationException) throw concurrentChange();
        throw e;
      }
    }
  }

  /** A read-only fork for queries. */
  reader(): EntityManager {
    return this.orm.em.fork({ clear: true });
  }

  /** Raw SQL outside any transaction, for reads on the hot path. */
  sql(): Sql {
    return sqlOf(this.orm.em, this.dialect);
  }
}

function isTransient(e: unknown): boolean {
  for (let cause: unknown = e; cause; cause = (cause as { cause?: unknown }).cause) {
    const code = (cause as { code?: unknown }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === '40P01' || code === '40001') return true;
    if (!(cause instanceof DriverException) && !(cause instanceof Error)) break;
  }
  return false;
}
