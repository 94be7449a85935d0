import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { RunChanges } from '../run-changes';
import { CompleteStep } from './complete-step.command';

@CommandHandler(CompleteStep)
export class CompleteStepHandler implements ICommandHandler<CompleteStep> {
  constructor(
    private readonly runs: RunChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(c: CompleteStep) {
    return this.runs.change(c.organisation, c.meta, (run) =>
      run.complete(c.stepId, { evidence: c.evidence, note: c.note, actor: c.meta.actor, now: this.clock.now() }),
    );
  }
}
