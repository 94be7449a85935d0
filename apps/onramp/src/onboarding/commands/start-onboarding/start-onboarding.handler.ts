import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganisationRepository } from '../../../organisations';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { ChecklistComposer } from '../../checklist.composer';
import { OnboardingRun } from '../../domain/onboarding-run';
import { OnboardingRunRepository } from '../../persistence/onboarding-run.repository';
import { StartOnboarding } from './start-onboarding.command';

@CommandHandler(StartOnboarding)
export class StartOnboardingHandler implements ICommandHandler<StartOnboarding> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
    private readonly runs: OnboardingRunRepository,
    private readonly checklists: ChecklistComposer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: StartOnboarding): Promise<OnboardingRun> {
    return this.uow.run(command.meta, async (tx) => {
      const organisation = await this.organisations.lock(tx, command.organisation);
      // Core steps plus every plugin that applies to this organisation, pinned at today's versions.
      const run = OnboardingRun.start({
        id: randomUUID(),
        organisation: command.organisation,
        goLiveDate: command.goLiveDate,
        ...this.checklists.current(organisation),
        now: this.clock.now(),
      });
      return this.runs.add(tx, run);
    });
  }
}
