import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../shared/http/access.decorators';
import { OdsCodePipe } from '../../ods-code.pipe';
import { GetOrganisation } from './get-organisation.query';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { OrganisationResponse } from '../../organisation.response';

@ApiTags('organisations')
@Controller('api/v1/organisations/:ods')
export class GetOrganisationController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('read')
  @ApiOperation({ operationId: 'getOrganisation', summary: 'One organisation' })
  @ApiOkResponse({ type: OrganisationResponse })
  @ApiProblems(400, 404)
  get(@Param('ods', OdsCodePipe) ods: string) {
    return this.queries.execute(new GetOrganisation(ods));
  }
}
