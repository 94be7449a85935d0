import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { Requires } from '../../http/auth.guard';
import { ApiTokenEntity } from '../../persistence/api-token.entity';

@ApiTags('tokens')
@ApiBearerAuth()
@Controller('api/v1/tokens')
export class ListTokensController {
  constructor(private readonly uow: UnitOfWork) {}

  @Get()
  @Requires('tokens.manage')
  @ApiOperation({ summary: 'Every token (admin): id, organisation, role, label, when created and revoked. Never the secret.' })
  async list() {
    const rows = await this.uow.reader().find(ApiTokenEntity, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return {
      items: rows.map((t) => ({
        id: t.id,
        organisation: t.organisation,
        role: t.role,
        label: t.label,
        createdBy: t.createdBy,
        createdAt: t.createdAt.toISOString(),
        revokedAt: t.revokedAt?.toISOString() ?? null,
      })),
    };
  }
}
