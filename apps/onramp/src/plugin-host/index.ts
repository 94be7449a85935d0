/** The plugin-host context as other contexts may use it. */
export { TemplatesModule } from './templates.module';
export { PluginHostModule } from './plugin-host.module';
export { PluginRegistry } from './plugin-registry';
export { describeHookFailure, type HookFailure, PluginHookRunner } from './plugin-hook-runner';
export type { LoadedPlugin } from './plugin-loader';
export { PLUGIN_REGISTRY } from './plugin-registry.token';
export { ListPlugins, type PluginView } from './queries/list-plugins/list-plugins.query';
