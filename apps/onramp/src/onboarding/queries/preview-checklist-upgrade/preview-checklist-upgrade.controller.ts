import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../identity/http/auth.guard';
import { OdsCodePipe } from '../../../organisations/ods-code.pipe';
import { OrganisationEntity } from '../../../organisations/persistence/organisation.entity';
import { organisationNotFound, UnitOfWork } from '../../../platform/database/unit-of-work';
import { ChecklistComposer } from '../../checklist.composer';
import { OnboardingErrors } from '../../domain/onboarding.errors';
import { OnboardingRunRepository } from '../../persistence/onboarding-run.repository';

@ApiTags('onboarding')
@ApiBearerAuth()
@Controller('api/v1/organisations/:ods/onboarding/upgrade')
export class PreviewChecklistUpgradeController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly runs: OnboardingRunRepository,
    private readonly checklists: ChecklistComposer,
  ) {}

  @Get()
  @Requires('read')
  @ApiOperation({ summary: 'What adopting the current catalogue and plugin versions would add, remove and change; changes nothing' })
  async preview(@Param('ods', OdsCodePipe) ods: string) {
    const em = this.uow.reader();
    const organisation = await em.findOne(OrganisationEntity, { odsCode: ods });
    if (!organisation) throw organisationNotFound(ods);
    const run = await this.runs.find(em, ods);
    if (!run) throw OnboardingErrors.runNotFound(ods);
    const diff = run.diffChecklist(this.checklists.current(organisation));
    const upToDate = !diff.added.length && !diff.removed.length && !diff.changed.length && !diff.plugins.length && diff.catalogue.from === diff.catalogue.to;
    return { version: run.version, upToDate, diff };
  }
}
