import { DomainError } from '../../shared/domain/domain-error';

/** What the rule needs to know of each of an organisation's people rows. */
export interface RoleHolder {
  id: string;
  name: string;
  accessRole: string;
  /** Set (a date, or its ISO form) once they no longer hold the role. */
  removedAt: Date | string | null;
}

/**
 * Whether taking `personId` out of the implementation lead access (removing them, or giving them
 * another access role) would leave the organisation with nobody who may lead it: nobody could then
 * add people, change settings or start the run except an administrator.
 */
export function isLastImplementationLead(people: readonly RoleHolder[], personId: string): boolean {
  const leads = people.filter((p) => p.removedAt === null && p.accessRole === 'implementation-lead');
  return leads.length === 1 && leads[0].id === personId;
}

/** Refuses a change that leaves no implementation lead, naming the person and the way forward. */
export function assertAnImplementationLeadRemains(
  people: readonly RoleHolder[],
  personId: string,
  change: 'remove' | 'change-access',
  organisationName: string,
) {
  if (!isLastImplementationLead(people, personId)) return;
  const person = people.find((p) => p.id === personId)!;
  const what = change === 'remove' ? 'removed' : 'given another access role';
  throw new DomainError(
    'PERSON.LAST_IMPLEMENTATION_LEAD',
    'conflict',
    `${person.name} is the only implementation lead of ${organisationName}, so they cannot be ${what}: give someone else implementation lead access first`,
    { personId },
  );
}
