import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, DECORATORS } from '@nestjs/swagger';
import { PERMISSIONS, type Permission } from '../domain/access-policy';
import { ACCESS_ROLES } from '../domain/roles';
import { ApiProblem } from './api-problems.decorator';

/**
 * How an endpoint declares who may call it. Every context's controllers use these, so they live in
 * the shared kernel; identity's AuthGuard reads the metadata they set (so no context imports
 * identity to protect a route).
 */
export const PUBLIC_ROUTE = 'onramp:public';
export const ROUTE_PERMISSION = 'onramp:permission';

/** The endpoint needs no credentials (health only), and its OpenAPI operation says so: `security: []`. */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), noSecurity);

// Merged into the operation's metadata whichever of this and @ApiOperation is applied first.
const noSecurity: MethodDecorator = (_target, _key, descriptor) => {
  const operation = (Reflect.getMetadata(DECORATORS.API_OPERATION, descriptor.value as object) ?? {}) as object;
  Reflect.defineMetadata(DECORATORS.API_OPERATION, { ...operation, security: [] }, descriptor.value as object);
};

/**
 * The permission an endpoint needs; endpoints without one are refused, so none is open by omission.
 * It also documents what the AuthGuard does, so the OpenAPI document cannot drift from it: bearer
 * auth, 401, and 403 naming the roles allowed (for a permission some role lacks).
 */
export const Requires = (permission: Permission) => {
  const allowed = PERMISSIONS[permission];
  const refusesSome = ACCESS_ROLES.some((role) => !allowed.includes(role));
  return applyDecorators(
    SetMetadata(ROUTE_PERMISSION, permission),
    ApiBearerAuth(),
    ApiProblem(401),
    ApiProblem(429, 'The client address failed to authenticate too often: wait for Retry-After seconds.'),
    ...(refusesSome ? [ApiProblem(403, `Allowed: ${allowed.join(', ')}.`)] : []),
  );
};
