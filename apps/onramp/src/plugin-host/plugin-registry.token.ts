/** Injection token of the start-up {@link PluginRegistry}. */
export const PLUGIN_REGISTRY = Symbol('PluginRegistry');
