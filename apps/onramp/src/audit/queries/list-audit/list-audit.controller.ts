import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../shared/http/access.decorators';
import { OdsCodePipe } from '../../../organisations';
import { ListAuditQueryDto } from './list-audit.query.dto';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { AuditListResponse } from './audit-list.response';
import { ListAudit } from './list-audit.query';

@ApiTags('audit')
@Controller('api/v1/organisations/:ods/audit')
export class ListAuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('read')
  @ApiOperation({ operationId: 'listAudit', summary: 'The organisation’s audit trail, oldest first: every event with actor, time, correlation id and hash' })
  @ApiOkResponse({ type: AuditListResponse })
  @ApiProblems(400, 404)
  list(@Param('ods', OdsCodePipe) ods: string, @Query() query: ListAuditQueryDto) {
    return this.queries.execute(new ListAudit(ods, query.after ?? 0, query.limit ?? 100));
  }
}
