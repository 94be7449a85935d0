import { Global, Module } from '@nestjs/common';
import { AdoptChecklistController } from './commands/adopt-checklist/adopt-checklist.controller';
import { AdoptChecklistHandler } from './commands/adopt-checklist/adopt-checklist.handler';
import { AssignStepHandler } from './commands/assign-step/assign-step.handler';
import { ChangeGoLiveDateController } from './commands/change-go-live-date/change-go-live-date.controller';
import { ChangeGoLiveDateHandler } from './commands/change-go-live-date/change-go-live-date.handler';
import { CompleteStepHandler } from './commands/complete-step/complete-step.handler';
import { ReopenStepHandler } from './commands/reopen-step/reopen-step.handler';
import { RunChanges } from './commands/run-changes';
import { SignOffStepHandler } from './commands/sign-off-step/sign-off-step.handler';
import { StartOnboardingController } from './commands/start-onboarding/start-onboarding.controller';
import { StartOnboardingHandler } from './commands/start-onboarding/start-onboarding.handler';
import { StartStepHandler } from './commands/start-step/start-step.handler';
import { StepActionsController } from './commands/step-actions.controller';
import { WaiveStepHandler } from './commands/waive-step/waive-step.handler';
import { ChecklistComposer } from './checklist.composer';
import { OnboardingStepsProjection } from './events/onboarding-steps.projection';
import { OnboardingViewService } from './onboarding-view.service';
import { ChecklistRepository } from './persistence/checklist.repository';
import { OnboardingRunRepository } from './persistence/onboarding-run.repository';
import { GetOnboardingController } from './queries/get-onboarding/get-onboarding.controller';
import { GetOnboardingHandler } from './queries/get-onboarding/get-onboarding.handler';
import { ListMyWorkHandler } from './queries/list-my-work/list-my-work.handler';
import { PreviewChecklistUpgradeController } from './queries/preview-checklist-upgrade/preview-checklist-upgrade.controller';
import { PreviewChecklistUpgradeHandler } from './queries/preview-checklist-upgrade/preview-checklist-upgrade.handler';

@Global()
@Module({
  controllers: [
    StartOnboardingController,
    GetOnboardingController,
    StepActionsController,
    ChangeGoLiveDateController,
    PreviewChecklistUpgradeController,
    AdoptChecklistController,
  ],
  providers: [
    OnboardingRunRepository,
    ChecklistRepository,
    OnboardingViewService,
    ChecklistComposer,
    RunChanges,
    OnboardingStepsProjection,
    AdoptChecklistHandler,
    StartOnboardingHandler,
    AssignStepHandler,
    StartStepHandler,
    CompleteStepHandler,
    SignOffStepHandler,
    WaiveStepHandler,
    ReopenStepHandler,
    ChangeGoLiveDateHandler,
    GetOnboardingHandler,
    ListMyWorkHandler,
    PreviewChecklistUpgradeHandler,
  ],
  exports: [OnboardingRunRepository, ChecklistRepository, ChecklistComposer, OnboardingViewService, OnboardingStepsProjection],
})
export class OnboardingModule {}
