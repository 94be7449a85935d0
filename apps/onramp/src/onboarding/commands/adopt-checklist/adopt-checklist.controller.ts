import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Requires } from '../../../shared/http/access.decorators';
import { OdsCodePipe } from '../../../organisations';
import type { CommandMeta } from '../../../shared/domain/roles';
import { etag, Meta } from '../../../shared/http/request-meta';
import { VersionedDto } from '../versioned.dto';
import { AdoptChecklist } from './adopt-checklist.command';
import { ApiProblems, COMMAND_PROBLEMS } from '../../../shared/http/api-problems.decorator';
import { ChecklistAdoptedResponse } from './checklist-adopted.response';

@ApiTags('onboarding')
@Controller('api/v1/organisations/:ods/onboarding/upgrade')
export class AdoptChecklistController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @Requires('onboarding.manage')
  @ApiOperation({
    operationId: 'adoptChecklist',

    summary: 'Adopt the current catalogue and plugin versions: applies and reports what was added, removed and changed (GET the same path to preview)',
  })
  @ApiOkResponse({
    type: ChecklistAdoptedResponse,
    headers: { ETag: { description: 'The run’s version, for If-Match', schema: { type: 'string', example: '"7"' } } },
  })
  @ApiProblems(...COMMAND_PROBLEMS, 404, 412, 503)
  async adopt(@Param('ods', OdsCodePipe) ods: string, @Body() _body: VersionedDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    const { run, diff } = await this.commands.execute(new AdoptChecklist(ods, meta));
    void reply.header('ETag', etag(run.version));
    return { version: run.version, applied: true, diff };
  }
}
