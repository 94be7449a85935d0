import { ValidateIf } from 'class-validator';

/**
 * The field may be left out of the request; every other value, `null` included, is validated.
 * class-validator's `IsOptional()` also skips `null`, which let `{"evidence": null}` past
 * `IsArray()` into a handler that expected an array (or the DTO's default): a 500 instead of a
 * 400 naming the field. JSON has no "absent" value other than leaving the key out, so a field
 * that may genuinely be null must say so with its own validator. ESLint forbids `IsOptional`.
 */
export const Optional = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/**
 * The field may be left out or sent as `null`, and both mean the same. Only for a field whose
 * null the API itself uses (say at the field what it means); anything else uses Optional().
 */
export const OptionalOrNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null);
