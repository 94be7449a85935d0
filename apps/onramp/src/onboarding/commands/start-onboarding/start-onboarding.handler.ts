import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { ChecklistComposer } from '../../checklist.composer';
import { OnboardingRun } from '../../domain/onboarding-run';
import { OnboardingRunRepository } from '../../persistence/onboarding-run.repository';
import { StartOnboarding } from './start-onboarding.command';

@CommandHandler(StartOnboarding)
export class StartOnboardingHandler implements ICommandHandler<StartOnboarding> {
  constructor(
    private readonly runs: OnboardingRunRepository,
    private readonly checklists: ChecklistComposer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: StartOnboarding): Promise<OnboardingRun> {
    return this.runs.create(command.organisation, command.meta, (organisation) =>
      // Core steps plus every plugin that applies to this organisation, pinned at today's versions.
      OnboardingRun.start({
        id: randomUUID(),
        organisation: command.organisation,
        goLiveDate: command.goLiveDate,
        ...this.checklists.current(organisation),
        now: this.clock.now(),
      }),
    );
  }
}
