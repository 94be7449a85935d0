import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PLUGIN_API_VERSION } from '../../../shared/plugin-sdk';
import type { PluginRegistry } from '../../plugin-registry';
import { PLUGIN_REGISTRY } from '../../plugin-registry.token';
import { ListPlugins, type PluginView } from './list-plugins.query';

@QueryHandler(ListPlugins)
export class ListPluginsHandler implements IQueryHandler<ListPlugins> {
  constructor(@Inject(PLUGIN_REGISTRY) private readonly registry: PluginRegistry) {}

  execute(): Promise<{ pluginApiVersion: string; items: PluginView[] }> {
    return Promise.resolve({
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
        hooks: {
          appliesTo: typeof p.hooks.appliesTo === 'function',
          adjustReadiness: typeof p.hooks.adjustReadiness === 'function',
          complianceChecks: (p.hooks.complianceChecks ?? []).map((c) => ({ id: c.id, title: c.title })),
        },
        templates: p.templatesDir !== null,
      })),
    });
  }
}
