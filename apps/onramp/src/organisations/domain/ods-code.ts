import { DomainError } from '../../shared/domain/domain-error';

/**
 * ODS codes are 1 to 9 alphanumeric characters (trust RH8, site RH802, independent sector site NV701).
 * The length varies by kind of organisation, so no length per type is assumed.
 * Source: https://digital.nhs.uk/developer/guides-and-documentation/building-healthcare-software/organisations-and-services
 */
const ODS_CODE = /^[A-Z0-9]{1,9}$/;

export function normaliseOdsCode(raw: string): string {
  return raw.trim().toUpperCase();
}

export function isOdsCode(raw: string): boolean {
  return ODS_CODE.test(normaliseOdsCode(raw));
}

export function parseOdsCode(raw: unknown, field = 'odsCode'): string {
  if (typeof raw !== 'string' || !isOdsCode(raw)) {
    throw new DomainError('ORGANISATION.INVALID_ODS_CODE', 'invalid', `${field} must be 1 to 9 letters or digits (for example RH8 or NV701)`, { field });
  }
  return normaliseOdsCode(raw);
}

export { ORGANISATION_TYPES, type OrganisationType } from '../../shared/plugin-sdk';
