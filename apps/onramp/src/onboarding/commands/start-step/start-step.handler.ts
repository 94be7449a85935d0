import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { RunChanges } from '../run-changes';
import { StartStep } from './start-step.command';

@CommandHandler(StartStep)
export class StartStepHandler implements ICommandHandler<StartStep> {
  constructor(
    private readonly runs: RunChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(c: StartStep) {
    return this.runs.change(c.organisation, c.meta, (run) => run.startStep(c.stepId, this.clock.now()));
  }
}
