import { DomainError } from './domain-error';
import type { AccessRole, Actor, GlobalAccessRole, OrganisationAccessRole, PersonRole } from './roles';

/** One organisation a signed-in person holds roles in. */
export interface Membership {
  organisation: string;
  organisationName: string;
  /** What they may do there: the strongest access role of their roles in it. */
  role: OrganisationAccessRole;
  /** Their roles' duties there (the checklist's owner roles), e.g. booking clerk. */
  duties: PersonRole[];
}

/** A person signed in to the web application (or acting through their personal access token). */
export interface Account {
  id: string;
  email: string;
  name: string;
  globalRole: GlobalAccessRole | null;
  memberships: Membership[];
}

/**
 * Who is calling: an actor, and the one organisation it is bound to (null for global roles; the
 * empty string for a person on a page that belongs to no organisation, which sees none).
 * `account` is set when a person (not an integration) is acting.
 */
export interface Principal {
  actor: Actor;
  organisation: string | null;
  account?: Account;
}

/** Bound to no organisation and to none's data: a signed-in person outside any organisation's pages. */
export const NO_ORGANISATION = '';

/** What an endpoint does, for the permission table below. */
export type Permission =
  | 'read' // anything of an organisation the caller can see
  | 'organisations.register'
  | 'tokens.manage'
  | 'people.manage'
  | 'onboarding.start'
  | 'onboarding.manage' // assign, reopen, change the go-live date
  | 'steps.work' // start, complete, waive (the domain adds the gate-waiver rule)
  | 'steps.sign-off' // the domain checks the step's sign-off role
  | 'mail.read' // the outbox: recipients and errors of every organisation
  | 'jobs.read' // background job queues, schedules and failures
  | 'reports.send'; // email the compliance report to the national team now

const LEADS: AccessRole[] = ['admin', 'implementation-lead', 'clinical-lead'];

/** The permission table; documented in README.md#roles. */
export const PERMISSIONS: Record<Permission, AccessRole[]> = {
  read: ['admin', 'national-team', 'implementation-lead', 'clinical-lead', 'contributor', 'viewer'],
  'organisations.register': ['admin'],
  'tokens.manage': ['admin'],
  'people.manage': LEADS,
  'onboarding.start': LEADS,
  'onboarding.manage': LEADS,
  'steps.work': [...LEADS, 'contributor'],
  'steps.sign-off': ['implementation-lead', 'clinical-lead'],
  'mail.read': ['admin'],
  'jobs.read': ['admin'],
  'reports.send': ['admin', 'national-team'],
};

export const isGlobal = (p: Principal) => p.organisation === null;

/** Another tenant's organisation does not exist for the caller: 404, the same answer as for a code nobody registered. */
export function canSee(principal: Principal, ods: string): boolean {
  return principal.organisation === null || principal.organisation === ods;
}

export function authorise(principal: Principal, permission: Permission) {
  if (!PERMISSIONS[permission].includes(principal.actor.role)) {
    throw new DomainError(
      'AUTH.ROLE_NOT_PERMITTED',
      'forbidden',
      `the ${principal.actor.role} role may not do this (needs one of: ${PERMISSIONS[permission].join(', ')})`,
      { permission },
    );
  }
}
