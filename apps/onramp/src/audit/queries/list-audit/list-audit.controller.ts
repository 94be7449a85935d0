import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../shared/http/access.decorators';
import { OdsCodePipe, OrganisationRepository } from '../../../organisations';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { AuditEventEntity } from '../../persistence/audit-event.entity';
import { ListAuditQueryDto } from './list-audit.query.dto';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { AuditListResponse } from './audit-list.response';

@ApiTags('audit')
@Controller('api/v1/organisations/:ods/audit')
export class ListAuditController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
  ) {}

  @Get()
  @Requires('read')
  @ApiOperation({ operationId: 'listAudit', summary: 'The organisation’s audit trail, oldest first: every event with actor, time, correlation id and hash' })
  @ApiOkResponse({ type: AuditListResponse })
  @ApiProblems(400, 404)
  async list(@Param('ods', OdsCodePipe) ods: string, @Query() query: ListAuditQueryDto) {
    const em = this.uow.reader();
    await this.organisations.get(em, ods);
    const limit = query.limit ?? 100;
    const rows = await em.find(AuditEventEntity, { organisation: ods, seq: { $gt: query.after ?? 0 } }, { orderBy: { seq: 'asc' }, limit });
    return {
      items: rows.map((r) => ({
        seq: r.seq,
        type: r.type,
        occurredAt: r.occurredAt,
        actor: { id: r.actorId, role: r.actorRole, label: r.actorLabel },
        eventId: r.eventId,
        causationId: r.causationId,
        correlationId: r.correlationId,
        payload: JSON.parse(r.payload) as unknown,
        prevHash: r.prevHash,
        hash: r.hash,
      })),
      nextAfter: rows.length === limit ? rows[rows.length - 1].seq : null,
    };
  }
}
