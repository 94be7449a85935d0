import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../shared/http/access.decorators';
import { OdsCodePipe } from '../../../organisations';
import { GetReadiness } from './get-readiness.query';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { ReadinessResponse } from './readiness.response';

@ApiTags('readiness')
@Controller('api/v1/organisations/:ods/readiness')
export class GetReadinessController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('read')
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness: weighted score overall and per area, RAG with reasons, go/no-go gate, blockers, forecast against go-live',
  })
  @ApiOkResponse({ type: ReadinessResponse })
  @ApiProblems(400, 404)
  get(@Param('ods', OdsCodePipe) ods: string) {
    return this.queries.execute(new GetReadiness(ods));
  }
}
