import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../shared/http/access.decorators';
import { OdsCodePipe } from '../../../organisations';
import { PreviewChecklistUpgrade } from './preview-checklist-upgrade.query';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { ChecklistUpgradePreviewResponse } from './checklist-upgrade-preview.response';

@ApiTags('onboarding')
@Controller('api/v1/organisations/:ods/onboarding/upgrade')
export class PreviewChecklistUpgradeController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('read')
  @ApiOperation({
    operationId: 'previewChecklistUpgrade',
    summary: 'What adopting the current catalogue and plugin versions would add, remove and change; changes nothing',
  })
  @ApiOkResponse({ type: ChecklistUpgradePreviewResponse })
  @ApiProblems(400, 404, 503)
  preview(@Param('ods', OdsCodePipe) ods: string) {
    return this.queries.execute(new PreviewChecklistUpgrade(ods));
  }
}
