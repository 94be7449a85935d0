import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganisationEntity } from '../../../organisations/persistence/organisation.entity';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { ChecklistComposer } from '../../checklist.composer';
import type { ChecklistDiff } from '../../domain/checklist-diff';
import { OnboardingRunRepository } from '../../persistence/onboarding-run.repository';
import { AdoptChecklist } from './adopt-checklist.command';

@CommandHandler(AdoptChecklist)
export class AdoptChecklistHandler implements ICommandHandler<AdoptChecklist> {
  constructor(
    private readonly runs: OnboardingRunRepository,
    private readonly checklists: ChecklistComposer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(c: AdoptChecklist) {
    let diff: ChecklistDiff | undefined;
    const run = await this.runs.change(c.organisation, c.meta, async (current, em) => {
      const organisation = await em.findOneOrFail(OrganisationEntity, { odsCode: c.organisation });
      diff = current.adoptChecklist(this.checklists.current(organisation), this.clock.now());
    });
    return { run, diff: diff! };
  }
}
