/** The conformance kit as the CLI (plugin:validate) and the SDK's testing entry use it. */
export { checkPluginHooks, checkPluginTemplates, loadPluginForTest } from './conformance';
