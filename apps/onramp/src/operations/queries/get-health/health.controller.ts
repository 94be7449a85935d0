import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MikroORM } from '@mikro-orm/core';
import { Public } from '../../../shared/http/access.decorators';
import type { LoadedCatalogue } from '../../../catalogue';
import { CATALOGUE } from '../../../catalogue';
import { HealthResponse } from './health.response';

@ApiTags('health')
@Controller('api/v1/health')
export class HealthController {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(CATALOGUE) private readonly catalogue: LoadedCatalogue,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ operationId: 'getHealth', summary: 'Liveness and database reachability; the only endpoint without a token' })
  @ApiOkResponse({ type: HealthResponse })
  async health() {
    const database = await this.orm
      .isConnected()
      .then((ok) => (ok ? 'ok' : 'unreachable'))
      .catch(() => 'unreachable');
    return { status: database === 'ok' ? 'ok' : 'degraded', database, catalogueVersion: this.catalogue.version };
  }
}
