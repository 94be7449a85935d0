import { Body, Controller, HttpCode, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandMeta } from '../../../shared/domain/roles';
import { Requires } from '../../../shared/http/access.decorators';
import { ApiProblems, COMMAND_PROBLEMS } from '../../../shared/http/api-problems.decorator';
import { Meta } from '../../../shared/http/request-meta';
import { OdsCodePipe } from '../../ods-code.pipe';
import { OrganisationResponse } from '../../organisation.response';
import { ChangeSelfSignOffSetting } from './change-self-sign-off-setting.command';
import { ChangeSelfSignOffSettingDto } from './change-self-sign-off-setting.dto';

@ApiTags('organisations')
@Controller('api/v1/organisations/:ods/settings/self-sign-off')
export class ChangeSelfSignOffSettingController {
  constructor(private readonly commands: CommandBus) {}

  @Put()
  @HttpCode(200)
  @Requires('onboarding.manage')
  @ApiOperation({
    operationId: 'changeSelfSignOffSetting',
    summary:
      'Allow (or stop allowing) a person to sign off a step they completed themselves: four eyes off or on. Audited as SelfSignOffSettingChanged; setting the value it already has records nothing.',
  })
  @ApiOkResponse({ type: OrganisationResponse, description: 'The organisation with its setting' })
  @ApiProblems(...COMMAND_PROBLEMS, 404)
  change(@Param('ods', OdsCodePipe) ods: string, @Body() body: ChangeSelfSignOffSettingDto, @Meta() meta: CommandMeta) {
    return this.commands.execute(new ChangeSelfSignOffSetting(ods, body.allowed, meta));
  }
}
