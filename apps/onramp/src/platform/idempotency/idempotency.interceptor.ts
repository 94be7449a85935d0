import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, mergeMap, type Observable, of } from 'rxjs';
import { canonicalJson } from '../../audit/domain/hash-chain';
import { DomainError } from '../../shared/domain/domain-error';
import { refuseDeepNesting } from '../../shared/http/json-depth';
import { UnitOfWork } from '../database/unit-of-work';
import { IdempotencyRecordEntity } from './idempotency-record.entity';

const KEY = /^[\x21-\x7e]{1,255}$/;
/** Headers worth replaying: the rest are per-response. */
const REPLAYED_HEADERS = ['etag', 'location'];
const SECRET_FIELDS = 'onramp:idempotency-secret-fields';

/**
 * Top-level response fields that hold a secret shown once (an issued token). Replay records hold no
 * secrets, so a replay answers without them: the client learns what was created (to revoke it if the
 * first answer was lost) and nothing runs twice.
 */
export const SecretInResponse = (...fields: string[]) => SetMetadata(SECRET_FIELDS, fields);

function withoutFields(body: unknown, fields: string[]): unknown {
  if (!fields.length || !body || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([k]) => !fields.includes(k)));
}

/**
 * `Idempotency-Key` on POST: the first successful response is stored per (caller, key) and replayed
 * to retries, so a client that lost a response can safely send the command again. The same key with
 * a different request is refused rather than guessed at.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reflector: Reflector,
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
    const principal = request.principal.actor.id;
    // Interceptors run before the validation pipe: the fingerprint below walks the body, so its depth is checked first.
    refuseDeepNesting(request.body, 'body');
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`)
      .digest('hex');

    return from(this.uow.reader().findOne(IdempotencyRecordEntity, { principal, key: raw })).pipe(
      mergeMap((found) => {
        if (found) {
          if (found.fingerprint !== fingerprint) {
            throw new DomainError('REQUEST.IDEMPOTENCY_KEY_REUSED', 'unprocessable', 'this Idempotency-Key was already used for a different request', {
              field: 'Idempotency-Key',
            });
          }
          for (const [name, value] of Object.entries(found.headers)) void reply.header(name, value);
          void reply.header('Idempotent-Replayed', 'true').status(found.status);
          return of(JSON.parse(found.body) as unknown);
        }
        // Nest applies the route's status after interceptors run: read it where Nest keeps it.
        const status = this.reflector.get<number | undefined>('__httpCode__', context.getHandler()) ?? HttpStatus.CREATED;
        const secrets = this.reflector.get<string[] | undefined>(SECRET_FIELDS, context.getHandler()) ?? [];
        return next.handle().pipe(
          mergeMap(async (body) => {
            const headers = Object.fromEntries(REPLAYED_HEADERS.map((h) => [h, reply.getHeader(h)]).filter(([, v]) => typeof v === 'string')) as Record<
              string,
              string
            >;
            await this.uow
              .run(async (em) => {
                em.persist(
                  em.create(IdempotencyRecordEntity, {
                    principal,
                    key: raw,
                    fingerprint,
                    status,
                    body: JSON.stringify(withoutFields(body, secrets) ?? null),
                    headers,
                  }),
                );
              })
              .catch((e: unknown) => {
                // A concurrent retry stored its result first; both results came from one command.
                if (!(e instanceof DomainError && e.code === 'CONCURRENT_MODIFICATION') && !(e instanceof UniqueConstraintViolationException)) throw e;
              });
            return body;
          }),
        );
      }),
    );
  }
}
