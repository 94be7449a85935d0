import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Requires } from '../../../shared/http/access.decorators';
import { OdsCodePipe } from '../../../organisations';
import type { CommandMeta } from '../../../shared/domain/roles';
import { Meta } from '../../../shared/http/request-meta';
import { OnboardingViewService } from '../../onboarding-view.service';
import { StartOnboarding } from './start-onboarding.command';
import { StartOnboardingDto } from './start-onboarding.dto';
import { ApiProblems, COMMAND_PROBLEMS } from '../../../shared/http/api-problems.decorator';
import { RunResponse } from '../../onboarding.response';

@ApiTags('onboarding')
@Controller('api/v1/organisations/:ods/onboarding')
export class StartOnboardingController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: OnboardingViewService,
  ) {}

  @Post()
  @HttpCode(201)
  @Requires('onboarding.start')
  @ApiOperation({
    operationId: 'startOnboarding',
    summary: 'Start the onboarding run: the current checklist is copied into the run and pinned to its catalogue version',
  })
  @ApiCreatedResponse({
    type: RunResponse,
    description: 'The run as started',
    headers: { ETag: { description: 'The run’s version, for If-Match', schema: { type: 'string', example: '"7"' } } },
  })
  @ApiProblems(...COMMAND_PROBLEMS, 404, 503)
  async start(
    @Param('ods', OdsCodePipe) ods: string,
    @Body() body: StartOnboardingDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const run = await this.commands.execute(new StartOnboarding(ods, body.goLiveDate, meta));
    return this.views.run(run, reply);
  }
}
