import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../identity/http/auth.guard';
import { OdsCodePipe } from '../../../organisations/ods-code.pipe';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { ChecklistComposer } from '../../checklist.composer';
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
    const { organisation, run } = await this.runs.findWithOrganisation(this.uow.reader(), ods);
    const diff = run.diffChecklist(this.checklists.current(organisation));
    const upToDate = !diff.added.length && !diff.removed.length && !diff.changed.length && !diff.plugins.length && diff.catalogue.from === diff.catalogue.to;
    return { version: run.version, upToDate, diff };
  }
}
