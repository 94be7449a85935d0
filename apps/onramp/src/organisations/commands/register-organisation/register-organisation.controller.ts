import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../shared/http/access.decorators';
import { Meta } from '../../../shared/http/request-meta';
import type { CommandMeta } from '../../../shared/domain/roles';
import { RegisterOrganisation } from './register-organisation.command';
import { RegisterOrganisationDto } from './register-organisation.dto';
import { ApiProblems, COMMAND_PROBLEMS } from '../../../shared/http/api-problems.decorator';
import { OrganisationResponse } from '../../organisation.response';

@ApiTags('organisations')
@Controller('api/v1/organisations')
export class RegisterOrganisationController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Requires('organisations.register')
  @ApiOperation({
    operationId: 'registerOrganisation',
    summary: 'Register a provider organisation by ODS code (admin). A code already registered answers 409.',
  })
  @ApiCreatedResponse({ type: OrganisationResponse, description: 'The organisation as registered' })
  @ApiProblems(...COMMAND_PROBLEMS)
  register(@Body() body: RegisterOrganisationDto, @Meta() meta: CommandMeta) {
    return this.commands.execute(new RegisterOrganisation(body.odsCode, body.name, body.type, meta));
  }
}
