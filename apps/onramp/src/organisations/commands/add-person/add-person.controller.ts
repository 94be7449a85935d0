import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../identity/http/auth.guard';
import { Meta } from '../../../shared/http/request-meta';
import type { CommandMeta } from '../../../shared/domain/roles';
import { OdsCodePipe } from '../../ods-code.pipe';
import { AddPerson } from './add-person.command';
import { AddPersonDto } from './add-person.dto';

@ApiTags('people')
@ApiBearerAuth()
@Controller('api/v1/organisations/:ods/people')
export class AddPersonController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Requires('people.manage')
  @ApiOperation({ summary: 'Record a person who holds a role in the organisation, so steps can be assigned to them' })
  add(@Param('ods', OdsCodePipe) ods: string, @Body() body: AddPersonDto, @Meta() meta: CommandMeta) {
    return this.commands.execute(new AddPerson(ods, body.name, body.email, body.role, meta));
  }
}
