import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../../shared/http/request-meta';
import { Requires } from '../../../identity/http/auth.guard';
import type { Principal } from '../../../identity/domain/access-policy';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { organisationView } from '../../organisation.view';
import { OrganisationEntity } from '../../persistence/organisation.entity';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api/v1/organisations')
export class ListOrganisationsController {
  constructor(private readonly uow: UnitOfWork) {}

  @Get()
  @Requires('read')
  @ApiOperation({ summary: 'Organisations the caller can see: all for admin and national team, its own for an organisation token' })
  async list(@CurrentPrincipal() principal: Principal) {
    const where = principal.organisation === null ? {} : { odsCode: principal.organisation };
    const rows = await this.uow.reader().find(OrganisationEntity, where, { orderBy: { odsCode: 'asc' } });
    return { items: rows.map(organisationView) };
  }
}
