import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../shared/domain/domain-error';
import { PUBLIC_ROUTE, ROUTE_PERMISSION } from '../../shared/http/access.decorators';
import { normaliseOdsCode, organisationNotFound } from '../../organisations';
import { authorise, canSee, type Permission, type Principal } from '../../shared/domain/access-policy';
import { AuthFailureLimiter } from '../auth-failure.limiter';
import { TokenService } from '../token.service';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/**
 * Every request passes here: an address blocked for failing to authenticate too often answers 429;
 * bearer token → principal (a refused token counts against its address); an `:ods` route
 * parameter outside the caller's organisation answers 404; then the endpoint's permission.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly failures: AuthFailureLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // A blocked address is refused whatever it sends, so it cannot tell a valid token from an invalid one.
    this.failures.assertNotBlocked(request.ip);
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim()) : null;
    if (!match) throw new DomainError('AUTH.MISSING_TOKEN', 'unauthenticated', 'send an API token as "Authorization: Bearer <token>"');
    const principal = await this.tokens.authenticate(match[1]);
    if (!principal) {
      // Only a credential that was tried and refused counts; a missing one guesses nothing.
      await this.failures.recordFailure(request.ip);
      throw new DomainError('AUTH.INVALID_TOKEN', 'unauthenticated', 'the API token is not valid or was revoked');
    }
    request.principal = principal;

    const ods = (request.params as Record<string, string> | undefined)?.ods;
    if (ods !== undefined && !canSee(principal, normaliseOdsCode(ods))) throw organisationNotFound(normaliseOdsCode(ods));
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(ROUTE_PERMISSION, targets);
    if (!permission) throw new DomainError('AUTH.NO_POLICY', 'forbidden', 'this endpoint has no access policy');
    authorise(principal, permission);
    return true;
  }
}
