import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../shared/http/access.decorators';
import { Meta } from '../../../shared/http/request-meta';
import type { CommandMeta } from '../../../shared/domain/roles';
import { OdsCodePipe } from '../../ods-code.pipe';
import { AddPerson } from './add-person.command';
import { AddPersonDto } from './add-person.dto';
import { ApiProblems, COMMAND_PROBLEMS } from '../../../shared/http/api-problems.decorator';
import { PersonResponse } from '../../organisation.response';

@ApiTags('people')
@Controller('api/v1/organisations/:ods/people')
export class AddPersonController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Requires('people.manage')
  @ApiOperation({ operationId: 'addPerson', summary: 'Record a person who holds a role in the organisation, so steps can be assigned to them' })
  @ApiCreatedResponse({ type: PersonResponse, description: 'The person as recorded' })
  @ApiProblems(...COMMAND_PROBLEMS, 404)
  add(@Param('ods', OdsCodePipe) ods: string, @Body() body: AddPersonDto, @Meta() meta: CommandMeta) {
    return this.commands.execute(new AddPerson(ods, body.name, body.email, body.role, meta, body.accessRole));
  }
}
