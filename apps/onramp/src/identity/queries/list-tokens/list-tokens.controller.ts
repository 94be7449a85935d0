import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../shared/http/access.decorators';
import { ListTokens } from './list-tokens.query';
import { TokenListResponse } from './token-list.response';

@ApiTags('tokens')
@Controller('api/v1/tokens')
export class ListTokensController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('tokens.manage')
  @ApiOperation({ operationId: 'listTokens', summary: 'Every token (admin): id, organisation, role, label, when created and revoked. Never the secret.' })
  @ApiOkResponse({ type: TokenListResponse })
  list() {
    return this.queries.execute(new ListTokens());
  }
}
