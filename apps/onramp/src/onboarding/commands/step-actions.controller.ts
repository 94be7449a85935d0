import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Requires } from '../../shared/http/access.decorators';
import { OdsCodePipe } from '../../organisations';
import type { CommandMeta } from '../../shared/domain/roles';
import { ApiProblems, COMMAND_PROBLEMS } from '../../shared/http/api-problems.decorator';
import { Meta } from '../../shared/http/request-meta';
import type { OnboardingRun } from '../domain/onboarding-run';
import { OnboardingViewService } from '../onboarding-view.service';
import { StepChangeResponse } from '../onboarding.response';
import { AssignStep } from './assign-step/assign-step.command';
import { AssignStepDto } from './assign-step/assign-step.dto';
import { CompleteStep } from './complete-step/complete-step.command';
import { CompleteStepDto } from './complete-step/complete-step.dto';
import { ReasonDto } from './reason.dto';
import { ReopenStep } from './reopen-step/reopen-step.command';
import { SignOffStep } from './sign-off-step/sign-off-step.command';
import { SignOffStepDto } from './sign-off-step/sign-off-step.dto';
import { StartStep } from './start-step/start-step.command';
import { VersionedDto } from './versioned.dto';
import { WaiveStep } from './waive-step/waive-step.command';

/**
 * `POST …/onboarding/steps/{stepId}/{action}`: one route per command. Each answers with the step
 * and the run's new version (also as ETag); `If-Match` or `expectedVersion` guards against stale writes.
 */
const ETAG = { ETag: { description: 'The run’s new version, for If-Match', schema: { type: 'string', example: '"8"' } } };

@ApiTags('onboarding')
@ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the run the change is based on; a stale one gets 412' })
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first result' })
@Controller('api/v1/organisations/:ods/onboarding/steps/:stepId')
export class StepActionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: OnboardingViewService,
  ) {}

  @Post('assign')
  @HttpCode(200)
  @Requires('onboarding.manage')
  @ApiOperation({ operationId: 'assignStep', summary: 'Assign the step to a person recorded for the organisation' })
  @ApiOkResponse({ type: StepChangeResponse, headers: ETAG })
  @ApiProblems(...COMMAND_PROBLEMS, 404, 412)
  assign(
    @Param('ods', OdsCodePipe) ods: string,
    @Param('stepId') stepId: string,
    @Body() body: AssignStepDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(new AssignStep(ods, stepId, body.personId, meta), reply);
  }

  @Post('start')
  @HttpCode(200)
  @Requires('steps.work')
  @ApiOperation({ operationId: 'startStep', summary: 'Mark the step as in progress' })
  @ApiOkResponse({ type: StepChangeResponse, headers: ETAG })
  @ApiProblems(...COMMAND_PROBLEMS, 404, 412)
  start(
    @Param('ods', OdsCodePipe) ods: string,
    @Param('stepId') stepId: string,
    @Body() _body: VersionedDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(new StartStep(ods, stepId, meta), reply);
  }

  @Post('complete')
  @HttpCode(200)
  @Requires('steps.work')
  @ApiOperation({ operationId: 'completeStep', summary: 'Complete the step with its required evidence; steps with a sign-off role then await sign-off' })
  @ApiOkResponse({ type: StepChangeResponse, headers: ETAG })
  @ApiProblems(...COMMAND_PROBLEMS, 404, 412)
  complete(
    @Param('ods', OdsCodePipe) ods: string,
    @Param('stepId') stepId: string,
    @Body() body: CompleteStepDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(new CompleteStep(ods, stepId, body.evidence, body.note ?? null, meta), reply);
  }

  @Post('sign-off')
  @HttpCode(200)
  @Requires('steps.sign-off')
  @ApiOperation({ operationId: 'signOffStep', summary: "Sign the step off; only a holder of the step's sign-off role may" })
  @ApiOkResponse({ type: StepChangeResponse, headers: ETAG })
  @ApiProblems(...COMMAND_PROBLEMS, 404, 412)
  signOff(
    @Param('ods', OdsCodePipe) ods: string,
    @Param('stepId') stepId: string,
    @Body() body: SignOffStepDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(new SignOffStep(ods, stepId, body.note ?? null, meta), reply);
  }

  @Post('waive')
  @HttpCode(200)
  @Requires('steps.work')
  @ApiOperation({ operationId: 'waiveStep', summary: 'Waive the step as not applicable, with a reason; a go-live gate step needs the clinical lead' })
  @ApiOkResponse({ type: StepChangeResponse, headers: ETAG })
  @ApiProblems(...COMMAND_PROBLEMS, 404, 412)
  waive(
    @Param('ods', OdsCodePipe) ods: string,
    @Param('stepId') stepId: string,
    @Body() body: ReasonDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(new WaiveStep(ods, stepId, body.reason, meta), reply);
  }

  @Post('reopen')
  @HttpCode(200)
  @Requires('onboarding.manage')
  @ApiOperation({ operationId: 'reopenStep', summary: 'Reopen a completed, signed-off or waived step, with a reason' })
  @ApiOkResponse({ type: StepChangeResponse, headers: ETAG })
  @ApiProblems(...COMMAND_PROBLEMS, 404, 412)
  reopen(
    @Param('ods', OdsCodePipe) ods: string,
    @Param('stepId') stepId: string,
    @Body() body: ReasonDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(new ReopenStep(ods, stepId, body.reason, meta), reply);
  }

  private async run(command: AssignStep | StartStep | CompleteStep | SignOffStep | WaiveStep | ReopenStep, reply: FastifyReply) {
    const run: OnboardingRun = await this.commands.execute(command);
    return this.views.step(run, command.stepId, reply);
  }
}
