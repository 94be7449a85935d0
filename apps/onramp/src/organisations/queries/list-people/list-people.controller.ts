import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../shared/http/access.decorators';
import { OdsCodePipe } from '../../ods-code.pipe';
import { ListPeople } from './list-people.query';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { ListPeopleQueryDto } from './list-people.query.dto';
import { PersonListResponse } from './person-list.response';

@ApiTags('people')
@Controller('api/v1/organisations/:ods/people')
export class ListPeopleController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('read')
  @ApiOperation({
    operationId: 'listPeople',
    summary: 'People who hold a role in the organisation, by role then name; `include=removed` adds those removed, whose history is kept',
  })
  @ApiOkResponse({ type: PersonListResponse })
  @ApiProblems(400, 404)
  list(@Param('ods', OdsCodePipe) ods: string, @Query() query: ListPeopleQueryDto) {
    return this.queries.execute(new ListPeople(ods, { includeRemoved: query.include === 'removed' }));
  }
}
