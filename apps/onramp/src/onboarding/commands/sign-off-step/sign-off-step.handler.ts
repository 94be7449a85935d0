import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganisationRepository } from '../../../organisations';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { RunChanges } from '../run-changes';
import { SignOffStep } from './sign-off-step.command';

@CommandHandler(SignOffStep)
export class SignOffStepHandler implements ICommandHandler<SignOffStep> {
  constructor(
    private readonly runs: RunChanges,
    private readonly organisations: OrganisationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(c: SignOffStep) {
    return this.runs.change(c.organisation, c.meta, async (run, tx) => {
      const { allowSelfSignOff } = await this.organisations.inTransaction(tx, c.organisation);
      run.signOff(c.stepId, { actor: c.meta.actor, note: c.note, now: this.clock.now(), allowSelfSignOff });
    });
  }
}
