import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { DomainError } from '../../../shared/domain/domain-error';
import { RunChanges } from '../run-changes';
import { AssignStep } from './assign-step.command';

@CommandHandler(AssignStep)
export class AssignStepHandler implements ICommandHandler<AssignStep> {
  constructor(
    private readonly runs: RunChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(c: AssignStep) {
    return this.runs.change(c.organisation, c.meta, async (run, tx) => {
      run.step(c.stepId); // an unknown step is reported before an unknown person
      // A removed person keeps their history but is given no new work.
      if (!(await tx.sql.one('select id from people where id = ? and organisation = ? and removed_at is null', [c.personId, c.organisation]))) {
        throw new DomainError('ONBOARDING.ASSIGNEE_NOT_FOUND', 'unprocessable', `no person ${c.personId} holds a role in ${c.organisation}`, {
          field: 'personId',
        });
      }
      run.assign(c.stepId, c.personId, this.clock.now());
    });
  }
}
