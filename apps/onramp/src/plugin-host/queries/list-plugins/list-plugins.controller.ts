import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../shared/http/access.decorators';
import { ListPlugins } from './list-plugins.query';
import { PluginListResponse } from './plugin-list.response';

@ApiTags('plugins')
@Controller('api/v1/plugins')
export class ListPluginsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('read')
  @ApiOperation({
    operationId: 'listPlugins',
    summary: 'Enabled plugins: id, version, hostApi, organisation types, step count, hooks, templates and where each was loaded from',
  })
  @ApiOkResponse({ type: PluginListResponse })
  list() {
    return this.queries.execute(new ListPlugins());
  }
}
