import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../identity/http/auth.guard';
import { OdsCodePipe } from '../../../organisations';
import { PreviewChecklistUpgrade } from './preview-checklist-upgrade.query';

@ApiTags('onboarding')
@ApiBearerAuth()
@Controller('api/v1/organisations/:ods/onboarding/upgrade')
export class PreviewChecklistUpgradeController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('read')
  @ApiOperation({ summary: 'What adopting the current catalogue and plugin versions would add, remove and change; changes nothing' })
  preview(@Param('ods', OdsCodePipe) ods: string) {
    return this.queries.execute(new PreviewChecklistUpgrade(ods));
  }
}
