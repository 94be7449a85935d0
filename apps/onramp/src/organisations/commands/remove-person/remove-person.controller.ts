import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandMeta } from '../../../shared/domain/roles';
import { Requires } from '../../../shared/http/access.decorators';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { Meta } from '../../../shared/http/request-meta';
import { OdsCodePipe } from '../../ods-code.pipe';
import { PersonResponse } from '../../organisation.response';
import { personIdPipe } from '../change-person/change-person.controller';
import { RemovePerson } from './remove-person.command';

@ApiTags('people')
@Controller('api/v1/organisations/:ods/people/:personId')
export class RemovePersonController {
  constructor(private readonly commands: CommandBus) {}

  @Delete()
  @HttpCode(200)
  @Requires('people.manage')
  @ApiOperation({
    operationId: 'removePerson',
    summary:
      'Remove a person from their role, keeping their history (removedAt is set; GET …/people?include=removed lists them). Removing them again changes nothing; the last implementation lead cannot be removed (409 PERSON.LAST_IMPLEMENTATION_LEAD).',
  })
  @ApiOkResponse({ type: PersonResponse, description: 'The person as now recorded, with removedAt' })
  // A DELETE may carry a body like any other write: it is parsed (and refused) the same way.
  @ApiProblems(400, 404, 409, 413, 415)
  remove(@Param('ods', OdsCodePipe) ods: string, @Param('personId', personIdPipe()) personId: string, @Meta() meta: CommandMeta) {
    return this.commands.execute(new RemovePerson(ods, personId, meta));
  }
}
