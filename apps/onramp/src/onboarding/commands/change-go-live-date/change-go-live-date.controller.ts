import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Requires } from '../../../shared/http/access.decorators';
import { OdsCodePipe } from '../../../organisations';
import type { CommandMeta } from '../../../shared/domain/roles';
import { Meta } from '../../../shared/http/request-meta';
import { OnboardingViewService } from '../../onboarding-view.service';
import { ChangeGoLiveDate } from './change-go-live-date.command';
import { ChangeGoLiveDateDto } from './change-go-live-date.dto';
import { ApiProblems, COMMAND_PROBLEMS } from '../../../shared/http/api-problems.decorator';
import { RunResponse } from '../../onboarding.response';

@ApiTags('onboarding')
@Controller('api/v1/organisations/:ods/onboarding/go-live-date')
export class ChangeGoLiveDateController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: OnboardingViewService,
  ) {}

  @Post()
  @HttpCode(200)
  @Requires('onboarding.manage')
  @ApiOperation({ operationId: 'changeGoLiveDate', summary: 'Move the go-live date; every due date moves with it' })
  @ApiOkResponse({
    type: RunResponse,
    description: 'The run with its new dates',
    headers: { ETag: { description: 'The run’s version, for If-Match', schema: { type: 'string', example: '"7"' } } },
  })
  @ApiProblems(...COMMAND_PROBLEMS, 404, 412)
  async change(
    @Param('ods', OdsCodePipe) ods: string,
    @Body() body: ChangeGoLiveDateDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const run = await this.commands.execute(new ChangeGoLiveDate(ods, body.goLiveDate, body.reason ?? null, meta));
    return this.views.run(run, reply);
  }
}
