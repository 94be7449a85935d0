import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../identity/http/auth.guard';
import type { LoadedCatalogue } from '../../catalogue.loader';
import { CATALOGUE } from '../../catalogue.token';

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller('api/v1/catalogue')
export class GetCatalogueController {
  constructor(@Inject(CATALOGUE) private readonly catalogue: LoadedCatalogue) {}

  @Get()
  @Requires('read')
  @ApiOperation({ summary: 'The core checklist: every step with its owner, dependencies, due offset, evidence, gate flag and source' })
  get() {
    return { version: this.catalogue.version, digest: this.catalogue.digest, steps: this.catalogue.steps };
  }
}
