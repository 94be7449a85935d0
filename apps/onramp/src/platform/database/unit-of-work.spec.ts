import type { MikroORM } from '@mikro-orm/core';
import type { AppConfig } from '../../shared/config/app-config';
import { DomainError } from '../../shared/domain/domain-error';
import type { EventDispatcher } from '../events/event-dispatcher';
import type { IdempotencyReservations } from '../idempotency/idempotency-reservations';
import { UnitOfWork } from './unit-of-work';

// The backoff between attempts, recorded instead of waited for (some 15 s in all when the database stays busy).
const waits: number[] = [];
jest.mock('node:timers/promises', () => ({ setTimeout: async (ms: number) => void waits.push(ms) }));

const meta = { actor: { id: 'a', role: 'admin' as const, label: 'Admin' }, correlationId: 'c' };
const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

/** A unit of work over an ORM whose transactions fail as `fail` says, counting the attempts. */
function unitOfWork(fail: (attempt: number) => Error | null) {
  let attempts = 0;
  const orm = {
    em: {
      fork: () => ({
        transactional: async (work: (em: unknown) => Promise<unknown>) => {
          const e = fail(++attempts);
          if (e) throw e;
          return work({ flush: async () => undefined, getTransactionContext: () => ({ executeQuery: async () => ({ rows: [] }) }) });
        },
      }),
    },
  } as unknown as MikroORM;
  const uow = new UnitOfWork(
    orm,
    { database: { kind: 'sqlite', path: ':memory:' } } as AppConfig,
    { now: () => new Date() },
    { drain: async () => undefined } as unknown as EventDispatcher,
    { reserve: async () => undefined } as unknown as IdempotencyReservations,
  );
  return { uow, attempts: () => attempts };
}

describe('UnitOfWork', () => {
  beforeEach(() => (waits.length = 0));

  it('tries a transaction that found the database busy again, and returns its result', async () => {
    const { uow, attempts } = unitOfWork((n) => (n < 4 ? busy() : null));
    await expect(uow.run(meta, async () => 'done')).resolves.toBe('done');
    expect(attempts()).toBe(4);
    expect(waits).toHaveLength(3);
  });

  it('gives up on a database that stays busy with a 409 problem that says so, not the driver error', async () => {
    const { uow, attempts } = unitOfWork(() => busy());
    const error = await uow
      .run(meta, async () => 'never')
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'DATABASE.BUSY', kind: 'conflict', details: { retryAfterSeconds: 1 } });
    expect(attempts()).toBe(12);
    // Backing off, capped at 2 s: 6.5-13 s of waiting (beside each attempt's own busy timeout) before the caller hears.
    expect(waits).toHaveLength(11);
    expect(waits.reduce((a, b) => a + b, 0)).toBeGreaterThan(6_500);
    expect(Math.max(...waits)).toBeLessThanOrEqual(2_000);
  });

  it('does not retry an error that is not about a busy database', async () => {
    const { uow, attempts } = unitOfWork(() => new Error('no such table: organisations'));
    await expect(uow.run(meta, async () => 'never')).rejects.toThrow('no such table');
    expect(attempts()).toBe(1);
  });
});
