import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../../../shared/domain/access-policy';
import { Requires } from '../../../shared/http/access.decorators';
import { CurrentPrincipal } from '../../../shared/http/request-meta';
import { ListOrganisations } from './list-organisations.query';
import { OrganisationListResponse } from './organisation-list.response';

@ApiTags('organisations')
@Controller('api/v1/organisations')
export class ListOrganisationsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('read')
  @ApiOperation({
    operationId: 'listOrganisations',
    summary: 'Organisations the caller can see: all for admin and national team, its own for an organisation token',
  })
  @ApiOkResponse({ type: OrganisationListResponse })
  list(@CurrentPrincipal() principal: Principal) {
    return this.queries.execute(new ListOrganisations(principal.organisation ?? 'all'));
  }
}
