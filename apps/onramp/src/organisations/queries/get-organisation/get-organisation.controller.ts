import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../identity/http/auth.guard';
import { UnitOfWork, organisationNotFound } from '../../../platform/database/unit-of-work';
import { OdsCodePipe } from '../../ods-code.pipe';
import { organisationView } from '../../organisation.view';
import { OrganisationEntity } from '../../persistence/organisation.entity';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api/v1/organisations/:ods')
export class GetOrganisationController {
  constructor(private readonly uow: UnitOfWork) {}

  @Get()
  @Requires('read')
  @ApiOperation({ summary: 'One organisation' })
  async get(@Param('ods', OdsCodePipe) ods: string) {
    const row = await this.uow.reader().findOne(OrganisationEntity, { odsCode: ods });
    if (!row) throw organisationNotFound(ods);
    return organisationView(row);
  }
}
