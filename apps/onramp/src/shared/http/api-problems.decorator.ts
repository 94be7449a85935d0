import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemResponse } from './problem.response';

/** The statuses a problem can have, and what each means in this API (see ProblemDetailsFilter). */
const MEANING = {
  400: 'The request is malformed: a path or query parameter, a header or the body is invalid, named in `field` or `errors`. Nothing was written.',
  401: 'No API token, or one that is not valid or was revoked (`AUTH.MISSING_TOKEN`, `AUTH.INVALID_TOKEN`).',
  403: "The caller's role may not do this (`AUTH.ROLE_NOT_PERMITTED`).",
  404: 'The organisation, run, step or token does not exist, or belongs to an organisation the caller cannot see.',
  409: 'A business rule refuses the change (the `code` says which), or a request with the same Idempotency-Key is still running or cannot be replayed. Nothing was written.',
  412: 'The `If-Match` ETag or `expectedVersion` is not the current version of the run (`ONBOARDING.VERSION_MISMATCH`): reload and try again.',
  413: 'The request body is larger than this server accepts (`REQUEST.BODY_TOO_LARGE`).',
  415: 'The request body is not `application/json` (`REQUEST.UNSUPPORTED_MEDIA_TYPE`).',
  422: 'The body names something that does not exist (a person, an organisation), or the Idempotency-Key was used for a different request.',
  429: 'Too many requests: wait as `Retry-After` says.',
  503: 'A plugin this request needs failed (`PLUGIN.HOOK_FAILED`); nothing was written. An administrator can fix or disable the plugin.',
} as const;

export type ProblemStatus = keyof typeof MEANING;

/** One `application/problem+json` answer, with the shared `Problem` schema; `note` says what else it means here. */
export function ApiProblem(status: ProblemStatus, note?: string) {
  return applyDecorators(
    ApiExtraModels(ProblemResponse),
    ApiResponse({
      status,
      description: note ? `${MEANING[status]} ${note}` : MEANING[status],
      content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemResponse) } } },
    }),
  );
}

/**
 * The problems an operation can answer with, besides 401 and 403, which `@Requires` documents
 * from the access policy: `@ApiProblems(400, 404, 409)`.
 */
export function ApiProblems(...statuses: ProblemStatus[]) {
  return applyDecorators(...statuses.map((status) => ApiProblem(status)));
}

/** Every POST: its body is parsed and validated, and `Idempotency-Key` is honoured. */
export const COMMAND_PROBLEMS = [400, 409, 413, 415, 422] as const satisfies readonly ProblemStatus[];
