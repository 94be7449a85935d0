import { Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { LoadedCatalogue } from '../catalogue';
import { CATALOGUE } from '../catalogue';
import { LOGGER } from '../platform/logging/logger';
import { APP_CONFIG, type AppConfig } from '../shared/config/app-config';
import { PluginRegistry } from './plugin-registry';
import { PLUGIN_REGISTRY } from './plugin-registry.token';
import { ListPluginsController } from './queries/list-plugins/list-plugins.controller';
import { ListPluginsHandler } from './queries/list-plugins/list-plugins.handler';

/** Loads and validates every enabled plugin once at start-up; a bad plugin stops the server. */
@Global()
@Module({
  providers: [
    {
      provide: PLUGIN_REGISTRY,
      inject: [APP_CONFIG, CATALOGUE, LOGGER],
      useFactory: async (config: AppConfig, catalogue: LoadedCatalogue, logger: Logger) => {
        const registry = await PluginRegistry.load(config.plugins, catalogue.steps, {
          options: config.pluginOptions,
          allowIncompatible: config.allowIncompatiblePlugins,
          cwd: process.cwd(),
          hooks: {
            timeoutMs: config.pluginHookTimeoutMs,
            // The plugin's own message goes to the log only: responses and reports say which hook failed and how.
            onFailure: (f) => logger.warn({ plugin: f.plugin, hook: f.hook, failure: f.kind, err: f.detail, ...f.subject }, 'plugin hook failed'),
          },
        });
        for (const warning of registry.warnings) logger.warn(warning);
        logger.info({ plugins: registry.plugins.map((p) => `${p.id}@${p.version}`) }, 'plugins loaded');
        return registry;
      },
    },
    ListPluginsHandler,
  ],
  controllers: [ListPluginsController],
  exports: [PLUGIN_REGISTRY],
})
export class PluginHostModule {}
