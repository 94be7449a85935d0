import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../http/auth.guard';
import { ListTokens } from './list-tokens.query';

@ApiTags('tokens')
@ApiBearerAuth()
@Controller('api/v1/tokens')
export class ListTokensController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('tokens.manage')
  @ApiOperation({ summary: 'Every token (admin): id, organisation, role, label, when created and revoked. Never the secret.' })
  list() {
    return this.queries.execute(new ListTokens());
  }
}
