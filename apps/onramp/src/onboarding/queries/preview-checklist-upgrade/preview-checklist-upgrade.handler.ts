import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { OrganisationRepository } from '../../../organisations';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { ChecklistComposer } from '../../checklist.composer';
import { OnboardingRunRepository } from '../../persistence/onboarding-run.repository';
import { PreviewChecklistUpgrade } from './preview-checklist-upgrade.query';

@QueryHandler(PreviewChecklistUpgrade)
export class PreviewChecklistUpgradeHandler implements IQueryHandler<PreviewChecklistUpgrade> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
    private readonly runs: OnboardingRunRepository,
    private readonly checklists: ChecklistComposer,
  ) {}

  async execute(q: PreviewChecklistUpgrade) {
    const em = this.uow.reader();
    const organisation = await this.organisations.get(em, q.ods);
    const run = await this.runs.get(em, q.ods);
    const diff = run.diffChecklist(this.checklists.current(organisation));
    const upToDate = !diff.added.length && !diff.removed.length && !diff.changed.length && !diff.plugins.length && diff.catalogue.from === diff.catalogue.to;
    return { version: run.version, upToDate, diff };
  }
}
