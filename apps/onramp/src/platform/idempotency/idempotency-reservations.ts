import { Inject, Injectable } from '@nestjs/common';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { CLOCK, type Clock } from '../../shared/domain/clock';
import type { Transaction } from '../database/transaction';
import { requestContext } from '../http/request-context';
import { IdempotencyRecordEntity } from './idempotency-record.entity';

/** Thrown inside a transaction whose Idempotency-Key another request already reserved: the interceptor replays or waits. */
export class IdempotencyKeyTaken extends Error {
  override readonly name = 'IdempotencyKeyTaken';
}

/**
 * Reserves a request's Idempotency-Key as the first write of its command's transaction, so the
 * key and the change commit together: a duplicate sent at the same moment blocks on the unique
 * (principal, key) index until the first commits, then finds the key taken and replays instead
 * of running the command a second time. A crash after the commit leaves the reservation, so a
 * retry is told the request already happened rather than running it again.
 */
@Injectable()
export class IdempotencyReservations {
  private readonly ttlMs: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.ttlMs = config.idempotencyTtlHours * 3_600_000;
  }

  async reserve(tx: Transaction): Promise<void> {
    const claim = requestContext.current()?.idempotency;
    if (!claim || claim.reserved) return;
    const now = this.clock.now();
    // An expired record no longer holds its key (the purge job removes the rest).
    await tx.em.nativeDelete(IdempotencyRecordEntity, { principal: claim.principal, key: claim.key, expiresAt: { $lt: now } });
    try {
      await tx.em.insert(IdempotencyRecordEntity, {
        principal: claim.principal,
        key: claim.key,
        fingerprint: claim.fingerprint,
        state: 'reserved',
        status: null,
        body: null,
        headers: {},
        omitted: null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.ttlMs),
      });
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw new IdempotencyKeyTaken('the Idempotency-Key was reserved by another request', { cause: e });
      throw e;
    }
    claim.reserved = true;
  }
}
