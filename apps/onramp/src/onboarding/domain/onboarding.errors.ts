import { dateOutsideWindow, dateWindow } from '../../shared/domain/clock';
import { DomainError } from '../../shared/domain/domain-error';

/** Stable codes for every onboarding rule, so clients can branch on them. */
export const OnboardingErrors = {
  runNotFound: (ods: string) =>
    new DomainError(
      'ONBOARDING.RUN_NOT_FOUND',
      'not-found',
      `organisation ${ods} has no onboarding run; start one with POST /api/v1/organisations/${ods}/onboarding`,
    ),
  runAlreadyStarted: (ods: string) => new DomainError('ONBOARDING.RUN_ALREADY_STARTED', 'conflict', `organisation ${ods} already has an onboarding run`),
  stepNotFound: (stepId: string) =>
    new DomainError('ONBOARDING.STEP_NOT_FOUND', 'not-found', `step "${stepId}" is not part of this onboarding run`, { stepId }),
  invalidTransition: (stepId: string, status: string, action: string) =>
    new DomainError('ONBOARDING.INVALID_TRANSITION', 'conflict', `step "${stepId}" is ${status} and cannot be ${action}`, {
      stepId,
      stepStatus: status,
      action,
    }),
  dependencyIncomplete: (stepId: string, pending: string[]) =>
    new DomainError(
      'ONBOARDING.DEPENDENCY_INCOMPLETE',
      'conflict',
      `step "${stepId}" cannot be completed before ${pending.join(', ')} ${pending.length === 1 ? 'is' : 'are'} done or waived`,
      { stepId, pending },
    ),
  evidenceMissing: (stepId: string, missing: string[]) =>
    new DomainError('ONBOARDING.EVIDENCE_MISSING', 'conflict', `step "${stepId}" needs evidence for: ${missing.join(', ')}`, { stepId, missing }),
  unknownEvidence: (stepId: string, unknown: string[], expected: string[]) =>
    new DomainError(
      'ONBOARDING.UNKNOWN_EVIDENCE_KEY',
      'invalid',
      `step "${stepId}" has no evidence requirement ${unknown.join(', ')}; expected ${expected.join(', ') || 'none'}`,
      { stepId, unknown, expected, field: 'evidence' },
    ),
  selfSignOff: (stepId: string) =>
    new DomainError(
      'ONBOARDING.SELF_SIGN_OFF',
      'conflict',
      `you completed step "${stepId}" yourself, so someone else must sign it off (four eyes); an implementation lead can allow self sign-off in the organisation's settings`,
      { stepId },
    ),
  signOffRoleRequired: (stepId: string, required: string, actual: string) =>
    new DomainError('ONBOARDING.SIGN_OFF_ROLE_REQUIRED', 'conflict', `step "${stepId}" must be signed off by the ${required}; you are acting as ${actual}`, {
      stepId,
      required,
      actual,
    }),
  signOffNotRequired: (stepId: string) => new DomainError('ONBOARDING.SIGN_OFF_NOT_REQUIRED', 'conflict', `step "${stepId}" has no sign-off`, { stepId }),
  gateWaiverNeedsClinicalLead: (stepId: string, actual: string) =>
    new DomainError(
      'ONBOARDING.GATE_WAIVER_REQUIRES_CLINICAL_LEAD',
      'conflict',
      `step "${stepId}" is a go-live gate step: only the clinical lead may waive it; you are acting as ${actual}`,
      { stepId, actual },
    ),
  waiverNeedsSignOffRole: (stepId: string, required: string, actual: string) =>
    new DomainError(
      'ONBOARDING.WAIVER_REQUIRES_SIGN_OFF_ROLE',
      'conflict',
      `step "${stepId}" is signed off by the ${required}, so only the ${required} may waive it; you are acting as ${actual}`,
      { stepId, required, actual },
    ),
  dependentsProgressed: (stepId: string, dependents: string[]) =>
    new DomainError(
      'ONBOARDING.DEPENDENTS_PROGRESSED',
      'conflict',
      `step "${stepId}" cannot be reopened while steps that depend on it are completed: reopen ${dependents.join(', ')} first`,
      { stepId, dependents },
    ),
  goLiveInPast: (date: string, today: string) =>
    new DomainError('ONBOARDING.GO_LIVE_DATE_IN_PAST', 'invalid', `goLiveDate ${date} is not after today (${today})`, { field: 'goLiveDate' }),
  goLiveOutsideWindow: (date: string, today: string) =>
    new DomainError('ONBOARDING.GO_LIVE_DATE_OUT_OF_RANGE', 'invalid', `goLiveDate ${date} ${dateOutsideWindow(date, today)}`, {
      field: 'goLiveDate',
      ...dateWindow(today),
    }),
  goLiveUnchanged: (date: string) =>
    new DomainError('ONBOARDING.GO_LIVE_DATE_UNCHANGED', 'conflict', `go-live date is already ${date}`, { field: 'goLiveDate' }),
  checklistUpToDate: () =>
    new DomainError('ONBOARDING.CHECKLIST_UP_TO_DATE', 'conflict', 'the run already uses the current catalogue and plugin versions: nothing to adopt'),
  staleVersion: (expected: number, actual: number) =>
    new DomainError('ONBOARDING.VERSION_MISMATCH', 'precondition', `the onboarding run is at version ${actual}, not ${expected}: reload it and try again`, {
      expected,
      actual,
    }),
};
