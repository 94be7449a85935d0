/**
 * The kinds of failure the domain can report. Only the HTTP layer turns a kind into a status code,
 * so domain code never knows about HTTP.
 */
export type DomainErrorKind =
  | 'invalid' // the request is malformed or names something that does not make sense (400)
  | 'not-found' // the subject does not exist or is invisible to the caller (404)
  | 'conflict' // a business invariant forbids the change (409)
  | 'precondition' // the caller's expected version is stale (412)
  | 'unprocessable' // a referenced entity in the body does not exist (422)
  | 'forbidden' // the caller's role may not do this within its own organisation (403)
  | 'unauthenticated' // no or bad credentials (401)
  | 'unavailable' // a server-side component the request needs (e.g. a plugin) failed; nothing was written (503)
  | 'unsupported' // the request is in a format or encoding this service does not read (415)
  | 'too-many-attempts'; // the caller failed too often and must wait before trying again (429)

/** A business-rule failure with a stable machine-readable code such as `ONBOARDING.DEPENDENCY_INCOMPLETE`. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
