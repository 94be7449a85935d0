import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandMeta } from '../../../shared/domain/roles';
import { Requires } from '../../../shared/http/access.decorators';
import { ApiProblems, COMMAND_PROBLEMS } from '../../../shared/http/api-problems.decorator';
import { Meta } from '../../../shared/http/request-meta';
import { DomainError } from '../../../shared/domain/domain-error';
import { OdsCodePipe } from '../../ods-code.pipe';
import { PersonResponse } from '../../organisation.response';
import { ChangePerson } from './change-person.command';
import { ChangePersonDto } from './change-person.dto';

/** An id that is not a UUID names nobody: the same 404 as an id of another organisation's person. */
export const personIdPipe = () =>
  new ParseUUIDPipe({ exceptionFactory: () => new DomainError('PERSON.NOT_FOUND', 'not-found', 'no such person', { field: 'personId' }) });

@ApiTags('people')
@Controller('api/v1/organisations/:ods/people/:personId')
export class ChangePersonController {
  constructor(private readonly commands: CommandBus) {}

  @Patch()
  @HttpCode(200)
  @Requires('people.manage')
  @ApiOperation({
    operationId: 'changePerson',
    summary:
      'Change a person’s name or access role (not the email: a different email is a different person). Fields left out stay as they are; the organisation must keep an implementation lead (409 PERSON.LAST_IMPLEMENTATION_LEAD).',
  })
  @ApiOkResponse({ type: PersonResponse, description: 'The person as now recorded' })
  @ApiProblems(...COMMAND_PROBLEMS, 404)
  change(
    @Param('ods', OdsCodePipe) ods: string,
    @Param('personId', personIdPipe()) personId: string,
    @Body() body: ChangePersonDto,
    @Meta() meta: CommandMeta,
  ) {
    return this.commands.execute(new ChangePerson(ods, personId, { name: body.name, accessRole: body.accessRole }, meta));
  }
}
