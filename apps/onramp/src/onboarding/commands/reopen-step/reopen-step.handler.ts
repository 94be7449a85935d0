import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { RunChanges } from '../run-changes';
import { ReopenStep } from './reopen-step.command';

@CommandHandler(ReopenStep)
export class ReopenStepHandler implements ICommandHandler<ReopenStep> {
  constructor(
    private readonly runs: RunChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(c: ReopenStep) {
    return this.runs.change(c.organisation, c.meta, (run) => run.reopen(c.stepId, { reason: c.reason, actor: c.meta.actor, now: this.clock.now() }));
  }
}
