import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { LoadedCatalogue } from '../../../catalogue/catalogue.loader';
import { CATALOGUE } from '../../../catalogue/catalogue.token';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { OnboardingRun } from '../../domain/onboarding-run';
import { OnboardingRunRepository } from '../../persistence/onboarding-run.repository';
import { StartOnboarding } from './start-onboarding.command';

@CommandHandler(StartOnboarding)
export class StartOnboardingHandler implements ICommandHandler<StartOnboarding> {
  constructor(
    private readonly runs: OnboardingRunRepository,
    @Inject(CATALOGUE) private readonly catalogue: LoadedCatalogue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: StartOnboarding): Promise<OnboardingRun> {
    return this.runs.create(command.organisation, command.meta, () =>
      OnboardingRun.start({
        id: randomUUID(),
        organisation: command.organisation,
        goLiveDate: command.goLiveDate,
        catalogueVersion: this.catalogue.version,
        steps: [...this.catalogue.steps],
        now: this.clock.now(),
      }),
    );
  }
}
