import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Requires } from '../../../shared/http/access.decorators';
import { OdsCodePipe } from '../../../organisations';
import { etag } from '../../../shared/http/request-meta';
import { GetOnboarding } from './get-onboarding.query';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { RunResponse } from '../../onboarding.response';

@ApiTags('onboarding')
@Controller('api/v1/organisations/:ods/onboarding')
export class GetOnboardingController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('read')
  @ApiOperation({ operationId: 'getOnboarding', summary: 'The onboarding run: version (also the ETag), catalogue version, go-live date and every step' })
  @ApiOkResponse({ type: RunResponse, headers: { ETag: { description: 'The run’s version, for If-Match', schema: { type: 'string', example: '"7"' } } } })
  @ApiProblems(400, 404)
  async get(@Param('ods', OdsCodePipe) ods: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const view = await this.queries.execute(new GetOnboarding(ods));
    void reply.header('ETag', etag(view.version));
    return view;
  }
}
