import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { OnboardingRunRepository } from '../../persistence/onboarding-run.repository';
import { ReopenStep } from './reopen-step.command';

@CommandHandler(ReopenStep)
export class ReopenStepHandler implements ICommandHandler<ReopenStep> {
  constructor(
    private readonly runs: OnboardingRunRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(c: ReopenStep) {
    return this.runs.change(c.organisation, c.meta, (run) => run.reopen(c.stepId, { reason: c.reason, now: this.clock.now() }));
  }
}
