import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CallHandler, ExecutionContext, HttpStatus, Inject, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, Observable, of } from 'rxjs';
import { CLOCK, type Clock } from '../../shared/domain/clock';
import { canonicalJson } from '../../shared/domain/canonical-json';
import { DomainError } from '../../shared/domain/domain-error';
import { refuseDeepNesting } from '../../shared/http/json-depth';
import { requestContext, type IdempotencyClaim } from '../http/request-context';
import { UnitOfWork } from '../database/unit-of-work';
import { IdempotencyKeyTaken } from './idempotency-reservations';
import { IdempotencyRecordEntity } from './idempotency-record.entity';

const KEY = /^[\x21-\x7e]{1,255}$/;
/** Headers worth replaying: the rest are per-response. */
const REPLAYED_HEADERS = ['etag', 'location'];
/** How long a retry waits for a concurrent first request to finish before it is told to try again. */
const WAIT_FOR_FIRST_MS = 3000;
/** A reservation this old without a stored response belongs to a request that died after its commit. */
const ABANDONED_AFTER_MS = 30_000;

const SECRET_FIELDS = 'onramp:idempotency-secret-fields';
/**
 * The response of this route holds a secret in the named fields. It is never stored, so a retry
 * with the same Idempotency-Key is refused with the reason instead of replayed.
 */
export const ResponseHoldsSecret = (...fields: string[]) => SetMetadata(SECRET_FIELDS, fields);

/**
 * `Idempotency-Key` on POST: the key is reserved inside the command's own transaction (see
 * {@link IdempotencyReservations}); the response is stored once the command has committed and
 * replayed to retries by the same caller. The same key with a different request is refused.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reflector: Reflector,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const raw = request.headers['idempotency-key'];
    if (request.method !== 'POST' || raw === undefined || !request.principal) return next.handle();
    if (typeof raw !== 'string' || !KEY.test(raw)) {
      throw new DomainError('REQUEST.INVALID_IDEMPOTENCY_KEY', 'invalid', 'Idempotency-Key must be 1 to 255 visible ASCII characters', {
        field: 'Idempotency-Key',
      });
    }
    // The fingerprint walks the body: refuse absurd nesting first, as validation would.
    refuseDeepNesting(request.body, 'body');
    const claim: IdempotencyClaim = {
      principal: request.principal.actor.id,
      key: raw,
      fingerprint: createHash('sha256')
        .update(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`)
        .digest('hex'),
      reserved: false,
    };
    const secrets = this.reflector.get<string[] | undefined>(SECRET_FIELDS, context.getHandler()) ?? [];
    // Nest applies the route's status after interceptors run: read it where Nest keeps it.
    const status = this.reflector.get<number | undefined>('__httpCode__', context.getHandler()) ?? HttpStatus.CREATED;

    return from(this.replay(claim, reply)).pipe(
      mergeMap((replayed) => {
        if (replayed.found) return of(replayed.body);
        return new Observable<unknown>((subscriber) => requestContext.run({ idempotency: claim }, () => next.handle().subscribe(subscriber))).pipe(
          mergeMap(async (body) => {
            if (claim.reserved) await this.complete(claim, status, body, reply, secrets);
            return body;
          }),
          catchError(async (e: unknown) => {
            if (!(e instanceof IdempotencyKeyTaken)) throw e;
            const again = await this.replay(claim, reply);
            if (again.found) return again.body;
            throw inProgress();
          }),
        );
      }),
    );
  }

  /** Answers from a stored record when there is one; a reservation still in progress is waited for, briefly. */
  private async replay(claim: IdempotencyClaim, reply: FastifyReply): Promise<{ found: true; body: unknown } | { found: false }> {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const found = await this.uow
        .reader()
        .findOne(IdempotencyRecordEntity, { principal: claim.principal, key: claim.key, expiresAt: { $gt: this.clock.now() } });
      if (!found) return { found: false };
      if (found.fingerprint !== claim.fingerprint) {
        throw new DomainError('REQUEST.IDEMPOTENCY_KEY_REUSED', 'unprocessable', 'this Idempotency-Key was already used for a different request', {
          field: 'Idempotency-Key',
        });
      }
      if (found.state === 'complete') {
        if (found.omitted) {
          const stored = JSON.parse(found.body ?? 'null') as Record<string, unknown> | null;
          throw new DomainError(
            'REQUEST.IDEMPOTENT_REPLAY_WITHHELD',
            'conflict',
            `the first request with this Idempotency-Key succeeded, but its response held a secret (${found.omitted}) that is shown only once and never stored, so it cannot be replayed; use the result of the first response, or revoke it and create a new one`,
            { field: 'Idempotency-Key', firstResult: stored },
          );
        }
        for (const [name, value] of Object.entries(found.headers)) void reply.header(name, value);
        void reply.header('Idempotent-Replayed', 'true').status(found.status ?? 200);
        return { found: true, body: JSON.parse(found.body ?? 'null') as unknown };
      }
      if (this.clock.now().getTime() - found.createdAt.getTime() > ABANDONED_AFTER_MS) {
        throw new DomainError(
          'REQUEST.IDEMPOTENT_RESULT_UNAVAILABLE',
          'conflict',
          'a request with this Idempotency-Key was carried out, but its response was not recorded (the server stopped before it could): it will not run again; read the current state instead',
          { field: 'Idempotency-Key' },
        );
      }
      if (Date.now() >= deadline) throw inProgress();
      await sleep(50);
    }
  }

  private async complete(claim: IdempotencyClaim, status: number, body: unknown, reply: FastifyReply, secrets: string[]) {
    const headers = Object.fromEntries(REPLAYED_HEADERS.map((h) => [h, reply.getHeader(h)]).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    const holdsSecret = secrets.length > 0 && body !== null && typeof body === 'object';
    const stored = holdsSecret ? Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([k]) => !secrets.includes(k))) : body;
    await this.uow
      .reader()
      .nativeUpdate(
        IdempotencyRecordEntity,
        { principal: claim.principal, key: claim.key },
        { state: 'complete', status, body: JSON.stringify(stored ?? null), headers, omitted: holdsSecret ? secrets.join(', ') : null },
      );
  }
}

const inProgress = () =>
  new DomainError('REQUEST.IDEMPOTENCY_IN_PROGRESS', 'conflict', 'a request with this Idempotency-Key is still being carried out: retry in a moment', {
    field: 'Idempotency-Key',
    retryAfterSeconds: 1,
  });
