import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { RunChanges } from '../run-changes';
import { WaiveStep } from './waive-step.command';

@CommandHandler(WaiveStep)
export class WaiveStepHandler implements ICommandHandler<WaiveStep> {
  constructor(
    private readonly runs: RunChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(c: WaiveStep) {
    return this.runs.change(c.organisation, c.meta, (run) => run.waive(c.stepId, { reason: c.reason, actor: c.meta.actor, now: this.clock.now() }));
  }
}
