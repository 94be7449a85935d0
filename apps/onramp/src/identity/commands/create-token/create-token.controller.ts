import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandMeta } from '../../../shared/domain/roles';
import { Meta } from '../../../shared/http/request-meta';
import { ResponseHoldsSecret } from '../../../platform/idempotency/idempotency.interceptor';
import { Requires } from '../../../shared/http/access.decorators';
import { CreateToken } from './create-token.command';
import { CreateTokenDto } from './create-token.dto';
import { ApiProblems, COMMAND_PROBLEMS } from '../../../shared/http/api-problems.decorator';
import { CreatedTokenResponse } from './created-token.response';

@ApiTags('tokens')
@Controller('api/v1/tokens')
export class CreateTokenController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Requires('tokens.manage')
  @ResponseHoldsSecret('token')
  @ApiOperation({
    operationId: 'createToken',
    summary: 'Create an API token bound to one organisation and role (admin). The token is shown once; only its hash is kept.',
  })
  @ApiCreatedResponse({ type: CreatedTokenResponse })
  @ApiProblems(...COMMAND_PROBLEMS)
  create(@Body() body: CreateTokenDto, @Meta() meta: CommandMeta) {
    return this.commands.execute(new CreateToken(body.organisation ?? null, body.role, body.label, meta));
  }
}
