import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { STEP_STATUSES } from '../domain/step-status';

@ApiSchema({ name: 'ValidationError', description: 'One field of the request that failed validation, with every rule it broke.' })
export class ValidationErrorResponse {
  @ApiProperty({ description: 'The field, as a path into the request: `evidence[0].reference`, or `(body)` for the body as a whole', example: 'goLiveDate' })
  field!: string;

  @ApiProperty({ type: [String], description: 'What is wrong with the field, one message per rule', example: ['goLiveDate must be a date as YYYY-MM-DD'] })
  messages!: string[];
}

/**
 * RFC 9457 problem details, as `ProblemDetailsFilter` writes them for every error. The members after
 * `correlationId` are extensions that some problems carry (named in each description); a client
 * must ignore members it does not know, as the RFC says.
 */
@ApiSchema({
  name: 'Problem',
  description:
    'RFC 9457 problem details (application/problem+json). `code` is stable and machine-readable; `detail` names the problem and, where there is one, the field. Quote `correlationId` when reporting an error.',
})
export class ProblemResponse {
  @ApiProperty({
    description: 'A URN naming the problem type: `urn:onramp:problem:` and the lower-case code',
    example: 'urn:onramp:problem:onboarding.dependency_incomplete',
  })
  type!: string;

  @ApiProperty({ description: 'The HTTP status, in words', example: 'Conflict' })
  title!: string;

  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status code, repeated', example: 409 })
  status!: number;

  @ApiProperty({
    description: 'What went wrong, for people: names the field or the rule',
    example: 'step "core.go-live" cannot be completed before core.training-plan is done or waived',
  })
  detail!: string;

  @ApiProperty({ description: 'Stable machine-readable code, `CONTEXT.PROBLEM`', example: 'ONBOARDING.DEPENDENCY_INCOMPLETE' })
  code!: string;

  @ApiProperty({ description: 'The request path (without its query)', example: '/api/v1/organisations/RH8/onboarding/steps/core.go-live/complete' })
  instance!: string;

  @ApiProperty({ description: 'The id of this request in the server log (X-Correlation-Id)', example: '6f1c3c1e-4a8e-4c34-9a43-3f6f6d2a9b10' })
  correlationId!: string;

  @ApiPropertyOptional({
    description: 'The one field the problem concerns: a body field, a path or query parameter, or a header such as `If-Match`',
    example: 'goLiveDate',
  })
  field?: string;

  @ApiPropertyOptional({ type: [ValidationErrorResponse], description: 'REQUEST.VALIDATION_FAILED: every field that failed validation' })
  errors?: ValidationErrorResponse[];

  @ApiPropertyOptional({ description: 'The organisation concerned (ORGANISATION.NOT_FOUND, ORGANISATION.ALREADY_REGISTERED)', example: 'RH8' })
  odsCode?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The person concerned (PERSON.NOT_FOUND, PERSON.LAST_IMPLEMENTATION_LEAD)' })
  personId?: string;

  @ApiPropertyOptional({ description: 'The step concerned (ONBOARDING.* step problems)', example: 'core.go-live' })
  stepId?: string;

  @ApiPropertyOptional({ enum: STEP_STATUSES, description: 'ONBOARDING.INVALID_TRANSITION: the status the step is in' })
  stepStatus?: string;

  @ApiPropertyOptional({ description: 'ONBOARDING.INVALID_TRANSITION: the action that was refused', example: 'started' })
  action?: string;

  @ApiPropertyOptional({ type: [String], description: 'ONBOARDING.DEPENDENCY_INCOMPLETE: the dependencies not yet done or waived' })
  pending?: string[];

  @ApiPropertyOptional({ type: [String], description: 'ONBOARDING.EVIDENCE_MISSING: the evidence keys without a reference' })
  missing?: string[];

  @ApiPropertyOptional({ type: [String], description: 'ONBOARDING.UNKNOWN_EVIDENCE_KEY: the evidence keys the step does not require' })
  unknown?: string[];

  @ApiPropertyOptional({
    anyOf: [{ type: 'integer' }, { type: 'array', items: { type: 'string' } }],
    description: 'ONBOARDING.VERSION_MISMATCH: the version the request was based on; ONBOARDING.UNKNOWN_EVIDENCE_KEY: the evidence keys the step requires',
  })
  expected?: number | string[];

  @ApiPropertyOptional({
    anyOf: [{ type: 'integer' }, { type: 'string' }],
    description: 'ONBOARDING.VERSION_MISMATCH: the current version of the run; sign-off and waiver problems: the role the caller acts as',
  })
  actual?: number | string;

  @ApiPropertyOptional({ description: 'Sign-off and waiver problems: the role the step needs', example: 'clinical-lead' })
  required?: string;

  @ApiPropertyOptional({ type: [String], description: 'ONBOARDING.DEPENDENTS_PROGRESSED: the completed steps that depend on this one' })
  dependents?: string[];

  @ApiPropertyOptional({ description: 'AUTH.ROLE_NOT_PERMITTED: the permission the endpoint needs', example: 'onboarding.manage' })
  permission?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'REQUEST.IDEMPOTENT_REPLAY_WITHHELD: the first response without the secret it held',
  })
  firstResult?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'integer', description: 'REQUEST.IDEMPOTENCY_IN_PROGRESS: when to try again', example: 1 })
  retryAfterSeconds?: number;

  @ApiPropertyOptional({ description: 'PLUGIN.HOOK_FAILED: the plugin whose hook failed', example: 'acute' })
  plugin?: string;

  @ApiPropertyOptional({ description: 'PLUGIN.HOOK_FAILED: the hook that failed', example: 'appliesTo' })
  hook?: string;

  @ApiPropertyOptional({ enum: ['threw', 'timed-out', 'invalid-result'], description: 'PLUGIN.HOOK_FAILED: how the hook failed' })
  failure?: string;
}
