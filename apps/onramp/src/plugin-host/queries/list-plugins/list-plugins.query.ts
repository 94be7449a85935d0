import { Query } from '@nestjs/cqrs';

/** A plugin as listed: what it is, where it came from, and what it adds to Onramp. */
export interface PluginView {
  id: string;
  version: string;
  hostApi: string;
  organisationTypes: '*' | string[];
  dependsOn: string[];
  stepCount: number;
  description: string | null;
  source: { kind: string; spec: string };
  compatibilityWarning: string | null;
  /** Its hooks: which it provides, and the titles of its compliance checks. */
  hooks: { appliesTo: boolean; adjustReadiness: boolean; complianceChecks: { id: string; title: string }[] };
  /** Whether it ships email templates of its own. */
  templates: boolean;
}

/** The plugins enabled on this server, in the configured order, and the plugin API version it implements. */
export class ListPlugins extends Query<{ pluginApiVersion: string; items: PluginView[] }> {}
