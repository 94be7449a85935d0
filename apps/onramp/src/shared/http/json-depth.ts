import { DomainError } from '../domain/domain-error';

/** Deeper than any request of this API; deeper input is refused before anything walks it recursively. */
export const MAX_JSON_DEPTH = 8;

/** Whether a parsed JSON value nests deeper than `limit`, found level by level (no recursion, so no stack to overflow). */
function depthExceeds(value: unknown, limit: number): boolean {
  let level: unknown[] = [value];
  for (let depth = 0; level.length; depth++) {
    if (depth > limit) return true;
    level = level.flatMap((v) => (v && typeof v === 'object' ? Object.values(v as object) : []));
  }
  return false;
}

/**
 * Refuses a request body or query nested deeper than the API ever needs. Everything that walks a
 * body recursively (validation, the idempotency fingerprint) calls this first: ten thousand levels
 * of brackets are valid JSON and overflow the stack of a recursive walk.
 */
export function refuseDeepNesting(value: unknown, part: 'body' | 'query') {
  if (depthExceeds(value, MAX_JSON_DEPTH)) {
    throw new DomainError('REQUEST.TOO_DEEPLY_NESTED', 'invalid', `request ${part} is nested more than ${MAX_JSON_DEPTH} levels deep`, { field: '(body)' });
  }
}
