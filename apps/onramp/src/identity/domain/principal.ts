import { NO_ORGANISATION, type Account, type Principal } from '../../shared/domain/access-policy';

/**
 * Who a signed-in person is on a request: on an organisation's pages (`ods`), the role they hold
 * there, or their global role; null when they have neither (the organisation does not exist for
 * them). Elsewhere, their global role, or their strongest role bound to no organisation.
 */
export function principalOf(account: Account, ods: string | undefined): Principal | null {
  const actor = (role: Principal['actor']['role']) => ({ id: account.id, role, label: account.name });
  if (ods !== undefined) {
    const membership = account.memberships.find((m) => m.organisation === ods);
    if (membership) return { actor: actor(membership.role), organisation: ods, account };
    return account.globalRole ? { actor: actor(account.globalRole), organisation: null, account } : null;
  }
  if (account.globalRole) return { actor: actor(account.globalRole), organisation: null, account };
  return { actor: actor(account.memberships[0]?.role ?? 'viewer'), organisation: NO_ORGANISATION, account };
}
