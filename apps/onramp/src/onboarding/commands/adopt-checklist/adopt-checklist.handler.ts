import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganisationRepository } from '../../../organisations';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { ChecklistComposer } from '../../checklist.composer';
import type { ChecklistDiff } from '../../domain/checklist-diff';
import { RunChanges } from '../run-changes';
import { AdoptChecklist } from './adopt-checklist.command';

@CommandHandler(AdoptChecklist)
export class AdoptChecklistHandler implements ICommandHandler<AdoptChecklist> {
  constructor(
    private readonly runs: RunChanges,
    private readonly checklists: ChecklistComposer,
    private readonly organisations: OrganisationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(c: AdoptChecklist) {
    let diff: ChecklistDiff | undefined;
    const run = await this.runs.change(c.organisation, c.meta, async (current, tx) => {
      const organisation = await this.organisations.inTransaction(tx, c.organisation);
      diff = current.adoptChecklist(this.checklists.current(organisation), this.clock.now());
    });
    return { run, diff: diff! };
  }
}
