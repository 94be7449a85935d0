import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../domain/domain-error';
import type { CommandMeta } from '../domain/roles';
import type { Principal } from '../domain/access-policy';

/** `If-Match: "7"` or `W/"7"` → 7; `*` or absent → undefined. */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined || header === '*') return undefined;
  const m = typeof header === 'string' ? /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim()) : null;
  if (!m) throw new DomainError('REQUEST.INVALID_IF_MATCH', 'invalid', 'If-Match must be an ETag from this API, such as "7"', { field: 'If-Match' });
  return Number(m[1]);
}

export const etag = (version: number) => `"${version}"`;

/** The caller's principal, set by the AuthGuard. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<FastifyRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});

/** Actor, correlation id and expected version (If-Match, else `expectedVersion` in the body) for a command. */
export const Meta = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandMeta => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  if (!request.principal) throw new Error('Meta used on a public route');
  const fromHeader = parseIfMatch(request.headers['if-match']);
  const body = request.body as { expectedVersion?: unknown } | undefined;
  const fromBody = body && typeof body === 'object' && Number.isInteger(body.expectedVersion) ? (body.expectedVersion as number) : undefined;
  if (fromHeader !== undefined && fromBody !== undefined && fromHeader !== fromBody) {
    throw new DomainError('REQUEST.CONFLICTING_VERSIONS', 'invalid', 'If-Match and expectedVersion disagree', { field: 'expectedVersion' });
  }
  return { actor: request.principal.actor, correlationId: String(request.id), expectedVersion: fromHeader ?? fromBody };
});
