import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, DECORATORS } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../shared/domain/domain-error';
import { ACCESS_ROLES } from '../../shared/domain/roles';
import { ApiProblem } from '../../shared/http/api-problems.decorator';
import { normaliseOdsCode, organisationNotFound } from '../../organisations';
import { authorise, canSee, PERMISSIONS, type Permission, type Principal } from '../domain/access-policy';
import { AuthFailureLimiter } from '../auth-failure.limiter';
import { TokenService } from '../token.service';

const PUBLIC = 'onramp:public';
const PERMISSION = 'onramp:permission';

/** The endpoint needs no credentials (health only), and its OpenAPI operation says so: `security: []`. */
export const Public = () => applyDecorators(SetMetadata(PUBLIC, true), noSecurity);

// Merged into the operation's metadata whichever of this and @ApiOperation is applied first.
const noSecurity: MethodDecorator = (_target, _key, descriptor) => {
  const operation = (Reflect.getMetadata(DECORATORS.API_OPERATION, descriptor.value as object) ?? {}) as object;
  Reflect.defineMetadata(DECORATORS.API_OPERATION, { ...operation, security: [] }, descriptor.value as object);
};

/**
 * The permission an endpoint needs; endpoints without one are refused, so none is open by omission.
 * It also documents what this guard does, so the OpenAPI document cannot drift from it: bearer
 * auth, 401, and 403 naming the roles allowed (for a permission some role lacks).
 */
export const Requires = (permission: Permission) => {
  const allowed = PERMISSIONS[permission];
  const refusesSome = ACCESS_ROLES.some((role) => !allowed.includes(role));
  return applyDecorators(
    SetMetadata(PERMISSION, permission),
    ApiBearerAuth(),
    ApiProblem(401),
    ApiProblem(429, 'The client address failed to authenticate too often: wait for Retry-After seconds.'),
    ...(refusesSome ? [ApiProblem(403, `Allowed: ${allowed.join(', ')}.`)] : []),
  );
};

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
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
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
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION, targets);
    if (!permission) throw new DomainError('AUTH.NO_POLICY', 'forbidden', 'this endpoint has no access policy');
    authorise(principal, permission);
    return true;
  }
}
