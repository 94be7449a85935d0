import { Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditTrail } from '../../../audit/audit-trail';
import { OrganisationEntity } from '../../../organisations/persistence/organisation.entity';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { DomainError } from '../../../shared/domain/domain-error';
import type { CommandMeta } from '../../../shared/domain/roles';
import { Meta } from '../../../shared/http/request-meta';
import { Requires } from '../../http/auth.guard';
import { ApiTokenEntity } from '../../persistence/api-token.entity';

@ApiTags('tokens')
@ApiBearerAuth()
@Controller('api/v1/tokens/:id/revoke')
export class RevokeTokenController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(200)
  @Requires('tokens.manage')
  @ApiOperation({ summary: 'Revoke a token (admin): it stops working at once; revoking twice is harmless' })
  revoke(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new DomainError('TOKEN.NOT_FOUND', 'not-found', 'no such token', { field: 'id' }) })) id: string,
    @Meta() meta: CommandMeta,
  ) {
    return this.uow.run(async (em) => {
      const token = await em.findOne(ApiTokenEntity, { id });
      if (!token) throw new DomainError('TOKEN.NOT_FOUND', 'not-found', `no token ${id}`, { field: 'id' });
      if (!token.revokedAt) {
        token.revokedAt = this.clock.now();
        const organisation = token.organisation ? await em.findOne(OrganisationEntity, { odsCode: token.organisation }) : null;
        if (organisation)
          this.audit.append(
            em,
            organisation,
            [{ type: 'AccessTokenRevoked', occurredAt: token.revokedAt.toISOString(), payload: { tokenId: token.id, role: token.role, label: token.label } }],
            meta,
          );
      }
      return { id: token.id, revokedAt: token.revokedAt.toISOString() };
    });
  }
}
