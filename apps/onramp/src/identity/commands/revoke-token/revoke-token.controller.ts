import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../../../shared/domain/domain-error';
import type { CommandMeta } from '../../../shared/domain/roles';
import { Meta } from '../../../shared/http/request-meta';
import { Requires } from '../../../shared/http/access.decorators';
import { RevokeToken } from './revoke-token.command';
import { ApiProblems, COMMAND_PROBLEMS } from '../../../shared/http/api-problems.decorator';
import { RevokedTokenResponse } from './revoked-token.response';

@ApiTags('tokens')
@Controller('api/v1/tokens/:id/revoke')
export class RevokeTokenController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @Requires('tokens.manage')
  @ApiOperation({ operationId: 'revokeToken', summary: 'Revoke a token (admin): it stops working at once; revoking twice is harmless' })
  @ApiOkResponse({ type: RevokedTokenResponse })
  @ApiProblems(...COMMAND_PROBLEMS, 404)
  revoke(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new DomainError('TOKEN.NOT_FOUND', 'not-found', 'no such token', { field: 'id' }) })) id: string,
    @Meta() meta: CommandMeta,
  ) {
    return this.commands.execute(new RevokeToken(id, meta));
  }
}
