import { ORGANISATION_ACCESS_ROLES, type OrganisationAccessRole } from '../shared/domain/roles';
import { PERMISSIONS, type Permission, type Principal } from '../shared/domain/access-policy';

/** What each access role lets a person do in Onramp, in the words the forms use. */
export const ACCESS_ROLE_HINTS: Record<OrganisationAccessRole, string> = {
  'implementation-lead': 'Everything for this organisation: people, settings, the checklist, and sign-offs that need an implementation lead',
  'clinical-lead': 'As an implementation lead, and also waiving go-live gate steps and signing off clinical steps',
  contributor: 'Start, complete and waive the steps they work on',
  viewer: 'See everything for this organisation and change nothing',
};

export const ACCESS_ROLE_LABELS: Record<OrganisationAccessRole, string> = {
  'implementation-lead': 'Implementation lead',
  'clinical-lead': 'Clinical lead',
  contributor: 'Contributor',
  viewer: 'Viewer',
};

export const isAccessRole = (value: string): value is OrganisationAccessRole => (ORGANISATION_ACCESS_ROLES as readonly string[]).includes(value);

/** Whether the signed-in person may do this here: pages show a form only to those who may send it. */
export const may = (principal: Principal | undefined, permission: Permission): boolean =>
  principal !== undefined && PERMISSIONS[permission].includes(principal.actor.role);

/** One line, 2 to `max` characters, no control characters: the API's SingleLineText rule. */
export function oneLineProblem(value: string, max: number, min = 2): 'missing' | 'length' | null {
  if (value === '') return 'missing';
  if ([...value].length < min || [...value].length > max || /[\u0000-\u001f\u007f]/.test(value)) return 'length';
  return null;
}
