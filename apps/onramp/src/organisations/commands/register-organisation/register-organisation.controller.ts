import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../identity/http/auth.guard';
import { Meta } from '../../../shared/http/request-meta';
import type { CommandMeta } from '../../../shared/domain/roles';
import { RegisterOrganisation } from './register-organisation.command';
import { RegisterOrganisationDto } from './register-organisation.dto';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api/v1/organisations')
export class RegisterOrganisationController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Requires('organisations.register')
  @ApiOperation({ summary: 'Register a provider organisation by ODS code (admin). A code already registered answers 409.' })
  register(@Body() body: RegisterOrganisationDto, @Meta() meta: CommandMeta) {
    return this.commands.execute(new RegisterOrganisation(body.odsCode, body.name, body.type, meta));
  }
}
