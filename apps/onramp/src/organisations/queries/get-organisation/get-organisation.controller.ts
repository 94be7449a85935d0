import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../identity/http/auth.guard';
import { OdsCodePipe } from '../../ods-code.pipe';
import { GetOrganisation } from './get-organisation.query';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api/v1/organisations/:ods')
export class GetOrganisationController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('read')
  @ApiOperation({ summary: 'One organisation' })
  get(@Param('ods', OdsCodePipe) ods: string) {
    return this.queries.execute(new GetOrganisation(ods));
  }
}
