/** The onboarding context as other contexts may use it. */
export {
  OnboardingRun,
  STEP_STATUSES,
  STEP_STATUS_LABELS,
  isSettled,
  isOverdue,
  emptyState,
  type StepStatus,
  type StepState,
  type OnboardingRunSnapshot,
  type PriorCompletion,
  type ActorRef,
} from './domain/onboarding-run';
export type { Checklist } from './domain/checklist';
export type { ChecklistDiff, PluginPin } from './domain/checklist-diff';
export {
  OnboardingEvent,
  OnboardingStarted,
  StepAssigned,
  StepStarted,
  StepCompleted,
  StepSignedOff,
  StepWaived,
  StepReopened,
  GoLiveDateChanged,
  ChecklistAdopted,
  ONBOARDING_EVENT_TYPES,
  eventFromPayload,
} from './domain/onboarding.events';
export { OnboardingErrors } from './domain/onboarding.errors';
export { OnboardingRunRepository, savedRunKey } from './persistence/onboarding-run.repository';
export { ChecklistRepository } from './persistence/checklist.repository';
export { OnboardingRunEntity } from './persistence/onboarding-run.entity';
export { OnboardingStepRow } from './persistence/onboarding-step.entity';
export { OnboardingStepsProjection } from './events/onboarding-steps.projection';
export { ChecklistComposer } from './checklist.composer';
export { StartOnboarding } from './commands/start-onboarding/start-onboarding.command';
export { AssignStep } from './commands/assign-step/assign-step.command';
export { StartStep } from './commands/start-step/start-step.command';
export { CompleteStep } from './commands/complete-step/complete-step.command';
export { SignOffStep } from './commands/sign-off-step/sign-off-step.command';
export { GetOnboarding } from './queries/get-onboarding/get-onboarding.query';
export { OnboardingModule } from './onboarding.module';
export { expandState, fromLegacyDocument } from './domain/onboarding-run';
export { EvidenceReferenceResponse, PluginPinResponse } from './onboarding.response';
export { ChecklistEntity } from './persistence/checklist.entity';
