/**
 * The words a plugin and the host share. Changing any of these lists is a change of the plugin
 * API and bumps {@link PLUGIN_API_VERSION}.
 */

/** Areas of the checklist; readiness is scored per area. */
export const AREAS = [
  'leadership',
  'people-and-roles',
  'registration-authority',
  'training',
  'directory-of-services',
  'commissioning',
  'referral-management',
  'governance',
  'technical-readiness',
  'go-live',
] as const;
export type Area = (typeof AREAS)[number];

/** How an area is written for people (e-mails, reports). */
export const AREA_LABELS: Record<Area, string> = {
  leadership: 'Leadership',
  'people-and-roles': 'People and roles',
  'registration-authority': 'Registration Authority',
  training: 'Training',
  'directory-of-services': 'Directory of Services',
  commissioning: 'Commissioning',
  'referral-management': 'Referral management',
  governance: 'Governance',
  'technical-readiness': 'Technical readiness',
  'go-live': 'Go-live',
};

/** Roles people hold in a provider organisation: who owns a step. */
export const PERSON_ROLES = [
  'implementation-lead',
  'clinical-lead',
  'clinician',
  'capacity-manager',
  'booking-clerk',
  'it-lead',
  'ra-manager',
  'training-lead',
  'information-governance-lead',
  'service-manager',
  'clinical-safety-officer',
] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** Roles that can sign a step off: the organisation's leads. */
export const SIGN_OFF_ROLES = ['clinical-lead', 'implementation-lead'] as const;
export type SignOffRole = (typeof SIGN_OFF_ROLES)[number];

/** Kinds of provider organisation a plugin can target. */
export const ORGANISATION_TYPES = ['acute', 'mental-health', 'independent-sector', 'community', 'other'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];
