import { isEmail } from 'class-validator';

/**
 * The rules for a person's name and email, shared by the API's request bodies and the pages'
 * forms, so a form accepts exactly what the API accepts.
 */
export const PERSON_NAME_LENGTH = { min: 2, max: 200 } as const;
export const PERSON_EMAIL_MAX_LENGTH = 254;

/** A plain address (no display name, no IP domain, a top-level domain). */
export const PERSON_EMAIL_OPTIONS = { allow_display_name: false, allow_ip_domain: false, require_tld: true } as const;

export const isPersonEmail = (value: string): boolean => value.length <= PERSON_EMAIL_MAX_LENGTH && isEmail(value, PERSON_EMAIL_OPTIONS);
