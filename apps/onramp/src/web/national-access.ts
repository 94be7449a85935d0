import type { FastifyRequest } from 'fastify';
import type { Principal } from '../shared/domain/access-policy';
import { DomainError } from '../shared/domain/domain-error';

/**
 * The national portfolio and the national reports list every organisation, so they are for the
 * national team and administrators: a principal bound to no organisation. Anyone else is refused
 * (403) rather than shown a list of one; their organisations' own pages are where their reports are.
 */
export function nationalPrincipal(request: FastifyRequest): Principal & { organisation: null } {
  const principal = request.principal;
  if (!principal || principal.organisation !== null)
    throw new DomainError(
      'AUTH.NATIONAL_VIEW_ONLY',
      'forbidden',
      "only the national team and administrators can see every organisation. Your organisation's readiness report is on its own pages",
    );
  return principal as Principal & { organisation: null };
}
