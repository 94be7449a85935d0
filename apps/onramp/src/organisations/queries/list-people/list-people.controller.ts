import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../identity/http/auth.guard';
import { UnitOfWork, organisationNotFound } from '../../../platform/database/unit-of-work';
import { OdsCodePipe } from '../../ods-code.pipe';
import { personView } from '../../organisation.view';
import { OrganisationEntity } from '../../persistence/organisation.entity';
import { PersonEntity } from '../../persistence/person.entity';

@ApiTags('people')
@ApiBearerAuth()
@Controller('api/v1/organisations/:ods/people')
export class ListPeopleController {
  constructor(private readonly uow: UnitOfWork) {}

  @Get()
  @Requires('read')
  @ApiOperation({ summary: 'People recorded for the organisation and the roles they hold' })
  async list(@Param('ods', OdsCodePipe) ods: string) {
    const em = this.uow.reader();
    if (!(await em.findOne(OrganisationEntity, { odsCode: ods }))) throw organisationNotFound(ods);
    const rows = await em.find(PersonEntity, { organisation: ods }, { orderBy: { role: 'asc', name: 'asc' } });
    return { items: rows.map(personView) };
  }
}
