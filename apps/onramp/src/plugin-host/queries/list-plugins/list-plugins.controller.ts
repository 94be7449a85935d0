import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../shared/http/access.decorators';
import { PLUGIN_API_VERSION } from '../../../shared/plugin-sdk';
import type { PluginRegistry } from '../../plugin-registry';
import { PLUGIN_REGISTRY } from '../../plugin-registry.token';
import { PluginListResponse } from './plugin-list.response';

@ApiTags('plugins')
@Controller('api/v1/plugins')
export class ListPluginsController {
  constructor(@Inject(PLUGIN_REGISTRY) private readonly registry: PluginRegistry) {}

  @Get()
  @Requires('read')
  @ApiOperation({ operationId: 'listPlugins', summary: 'Enabled plugins: id, version, hostApi, organisation types, step count and where each was loaded from' })
  @ApiOkResponse({ type: PluginListResponse })
  list() {
    return {
      pluginApiVersion: PLUGIN_API_VERSION,
      items: this.registry.plugins.map((p) => ({
        id: p.id,
        version: p.version,
        hostApi: p.hostApi,
        organisationTypes: p.organisationTypes,
        dependsOn: p.dependsOn,
        stepCount: p.steps.length,
        description: p.description ?? null,
        source: { kind: p.source.kind, spec: p.source.spec },
        compatibilityWarning: p.compatibilityWarning,
      })),
    };
  }
}
