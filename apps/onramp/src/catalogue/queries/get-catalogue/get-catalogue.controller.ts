import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../shared/http/access.decorators';
import type { LoadedCatalogue } from '../../catalogue.loader';
import { CATALOGUE } from '../../catalogue.token';
import { CatalogueResponse } from './catalogue.response';

@ApiTags('catalogue')
@Controller('api/v1/catalogue')
export class GetCatalogueController {
  constructor(@Inject(CATALOGUE) private readonly catalogue: LoadedCatalogue) {}

  @Get()
  @Requires('read')
  @ApiOperation({
    operationId: 'getCatalogue',
    summary: 'The core checklist: every step with its owner, dependencies, due offset, evidence, gate flag and source',
  })
  @ApiOkResponse({ type: CatalogueResponse })
  get() {
    return { version: this.catalogue.version, digest: this.catalogue.digest, steps: this.catalogue.steps };
  }
}
