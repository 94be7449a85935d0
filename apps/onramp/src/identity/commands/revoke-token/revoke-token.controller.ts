import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../../../shared/domain/domain-error';
import type { CommandMeta } from '../../../shared/domain/roles';
import { Meta } from '../../../shared/http/request-meta';
import { Requires } from '../../http/auth.guard';
import { RevokeToken } from './revoke-token.command';

@ApiTags('tokens')
@ApiBearerAuth()
@Controller('api/v1/tokens/:id/revoke')
export class RevokeTokenController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @Requires('tokens.manage')
  @ApiOperation({ summary: 'Revoke a token (admin): it stops working at once; revoking twice is harmless' })
  revoke(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new DomainError('TOKEN.NOT_FOUND', 'not-found', 'no such token', { field: 'id' }) })) id: string,
    @Meta() meta: CommandMeta,
  ) {
    return this.commands.execute(new RevokeToken(id, meta));
  }
}
