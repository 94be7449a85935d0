export { PERSON_ROLES, SIGN_OFF_ROLES, type PersonRole, type SignOffRole } from '../plugin-sdk';

/** Roles an API token is bound to within one organisation. */
export const ORGANISATION_ACCESS_ROLES = ['implementation-lead', 'clinical-lead', 'contributor', 'viewer'] as const;
/** Roles that see every organisation. */
export const GLOBAL_ACCESS_ROLES = ['admin', 'national-team'] as const;
export const ACCESS_ROLES = [...ORGANISATION_ACCESS_ROLES, ...GLOBAL_ACCESS_ROLES] as const;
export type OrganisationAccessRole = (typeof ORGANISATION_ACCESS_ROLES)[number];
export type AccessRole = (typeof ACCESS_ROLES)[number];
export type GlobalAccessRole = (typeof GLOBAL_ACCESS_ROLES)[number];

/** Who did something: recorded on every event. */
export interface Actor {
  /** A stable id: the token id, or `admin` for the bootstrap admin token. */
  id: string;
  role: AccessRole;
  label: string;
}

/** Metadata that travels with every command into its events and audit entries. */
export interface CommandMeta {
  actor: Actor;
  correlationId: string;
  /** The command or event that caused this one (default: the command's own id). */
  causationId?: string;
  /** The version of the onboarding run the caller last saw (If-Match or expectedVersion). */
  expectedVersion?: number;
}

/** Onramp itself acting, for scheduled work (scans, digests, refreshes): named in the audit trail like anyone else. */
export function systemMeta(job: string, correlationId: string): CommandMeta {
  return { actor: { id: `system:${job}`, role: 'admin', label: `Onramp (${job})` }, correlationId };
}
