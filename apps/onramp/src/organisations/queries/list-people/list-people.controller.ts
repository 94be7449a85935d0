import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../identity/http/auth.guard';
import { OdsCodePipe } from '../../ods-code.pipe';
import { ListPeople } from './list-people.query';

@ApiTags('people')
@ApiBearerAuth()
@Controller('api/v1/organisations/:ods/people')
export class ListPeopleController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('read')
  @ApiOperation({ summary: 'People recorded for the organisation and the roles they hold' })
  list(@Param('ods', OdsCodePipe) ods: string) {
    return this.queries.execute(new ListPeople(ods));
  }
}
