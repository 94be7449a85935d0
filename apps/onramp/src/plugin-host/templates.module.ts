import { join } from 'node:path';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../shared/config/app-config';
import { projectRoot } from '../shared/config/project-root';
import type { PluginRegistry } from './plugin-registry';
import { PLUGIN_REGISTRY } from './plugin-registry.token';
import { loadCheckedTemplates } from '../platform/rendering/template-check';
import { TEMPLATE_ENGINE } from '../platform/rendering/template-engine';

/**
 * The one template engine of the process, built at start-up from templates/, the enabled plugins'
 * template folders (in configuration order) and ONRAMP_TEMPLATES_DIR. A bad template, or one that
 * does not render from its fixture, stops start-up with a TemplateLoadError naming the file.
 */
@Global()
@Module({
  providers: [
    {
      provide: TEMPLATE_ENGINE,
      inject: [APP_CONFIG, PLUGIN_REGISTRY],
      useFactory: (config: AppConfig, registry: Pick<PluginRegistry, 'plugins'>) =>
        loadCheckedTemplates({
          coreDir: join(projectRoot(), 'templates'),
          pluginDirs: registry.plugins.flatMap((p) => (p.templatesDir ? [{ pluginId: p.id, dir: p.templatesDir }] : [])),
          deploymentDir: config.templatesDir,
          timezone: config.timezone,
        }),
    },
  ],
  exports: [TEMPLATE_ENGINE],
})
export class TemplatesModule {}
