import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { RunChanges } from '../run-changes';
import { ChangeGoLiveDate } from './change-go-live-date.command';

@CommandHandler(ChangeGoLiveDate)
export class ChangeGoLiveDateHandler implements ICommandHandler<ChangeGoLiveDate> {
  constructor(
    private readonly runs: RunChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(c: ChangeGoLiveDate) {
    return this.runs.change(c.organisation, c.meta, (run) => run.changeGoLiveDate(c.goLiveDate, { reason: c.reason, now: this.clock.now() }));
  }
}
