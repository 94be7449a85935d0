import type {} from '@fastify/cookie';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../shared/domain/domain-error';
import { PUBLIC_ROUTE, ROUTE_PERMISSION } from '../../shared/http/access.decorators';
import { isPageRequest } from '../../shared/http/page-request';
import { normaliseOdsCode, organisationNotFound } from '../../organisations';
import { authorise, canSee, type Permission, type Principal } from '../../shared/domain/access-policy';
import { AccountService } from '../accounts.service';
import { AuthFailureLimiter } from '../auth-failure.limiter';
import { principalOf } from '../domain/principal';
import { SessionService } from '../sessions.service';
import { TokenService } from '../token.service';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    /** The signed-in session's id (sha256 of its cookie), when the request came with one. */
    sessionId?: string;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every request passes here: an address blocked for failing to authenticate too often answers 429;
 * a bearer token, or else a session cookie, → principal (a refused token counts against its
 * address); a form or other unsafe request made with a session must carry its CSRF token; an
 * `:ods` route parameter outside the caller's organisations answers 404; then the endpoint's
 * permission.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly failures: AuthFailureLimiter,
    private readonly sessions: SessionService,
    private readonly accounts: AccountService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const ods = (request.params as Record<string, string> | undefined)?.ods;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      // Public forms (sign in, reset a password, sign out) carry a token bound to the session, or for a visitor to their form cookie.
      if (UNSAFE.has(request.method) && isPageRequest(request)) {
        const session = await this.sessions.resolve(request.cookies?.[this.sessions.cookieName]);
        if (session) request.sessionId = session.id;
        this.assertCsrf(request, session?.id, request.cookies?.[this.sessions.csrfCookieName]);
      }
      return true;
    }
    // A blocked address is refused whatever it sends, so it cannot tell a valid token from an invalid one.
    this.failures.assertNotBlocked(request.ip);
    const header = request.headers.authorization;
    let principal: Principal | null;
    if (header !== undefined) {
      const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim()) : null;
      if (!match) throw new DomainError('AUTH.MISSING_TOKEN', 'unauthenticated', 'send an API token as "Authorization: Bearer <token>"');
      principal = await this.tokens.authenticate(match[1]);
      if (!principal) {
        // Only a credential that was tried and refused counts; a missing one guesses nothing.
        await this.failures.recordFailure(request.ip);
        throw new DomainError('AUTH.INVALID_TOKEN', 'unauthenticated', 'the API token is not valid or was revoked');
      }
    } else {
      const session = await this.sessions.resolve(request.cookies?.[this.sessions.cookieName]);
      const account = session ? await this.accounts.account(session.userId) : null;
      if (!session || !account) {
        if (isPageRequest(request)) throw new DomainError('AUTH.SIGN_IN_REQUIRED', 'unauthenticated', 'sign in to see this page');
        throw new DomainError('AUTH.MISSING_TOKEN', 'unauthenticated', 'send an API token as "Authorization: Bearer <token>"');
      }
      request.sessionId = session.id;
      // SameSite=Lax already keeps the cookie off other sites' forms; the token is the second lock.
      if (UNSAFE.has(request.method)) this.assertCsrf(request, session.id);
      principal = principalOf(account, ods === undefined ? undefined : normaliseOdsCode(ods));
    }
    if (!principal || (ods !== undefined && !canSee(principal, normaliseOdsCode(ods)))) throw organisationNotFound(normaliseOdsCode(ods ?? ''));
    request.principal = principal;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(ROUTE_PERMISSION, targets);
    if (!permission) throw new DomainError('AUTH.NO_POLICY', 'forbidden', 'this endpoint has no access policy');
    authorise(principal, permission);
    return true;
  }

  private assertCsrf(request: FastifyRequest, ...bindings: (string | undefined)[]) {
    const body = request.body as Record<string, unknown> | undefined;
    const token = request.headers['x-csrf-token'] ?? (body && typeof body === 'object' ? body._csrf : undefined);
    if (!bindings.some((binding) => this.sessions.csrfValid(binding, token)))
      throw new DomainError(
        'AUTH.CSRF_TOKEN_INVALID',
        'forbidden',
        'this form has expired or did not come from Onramp: go back, reload the page and try again',
      );
  }
}
