import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SecretInResponse } from '../../../platform/idempotency/idempotency.interceptor';
import type { CommandMeta } from '../../../shared/domain/roles';
import { Meta } from '../../../shared/http/request-meta';
import { Requires } from '../../http/auth.guard';
import { CreateToken } from './create-token.command';
import { CreateTokenDto } from './create-token.dto';

@ApiTags('tokens')
@ApiBearerAuth()
@Controller('api/v1/tokens')
export class CreateTokenController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Requires('tokens.manage')
  @SecretInResponse('token')
  @ApiOperation({
    summary:
      'Create an API token bound to one organisation and role (admin). The token is shown once; only its hash is kept, so a retry with the same Idempotency-Key answers without it.',
  })
  create(@Body() body: CreateTokenDto, @Meta() meta: CommandMeta) {
    return this.commands.execute(new CreateToken(body.organisation ?? null, body.role, body.label, meta));
  }
}
