/**
 * @packageDocumentation
 * The Onramp plugin SDK: what a plugin may import. A plugin does not have to import it at all:
 * a plain object exported from a CommonJS or ES module is a valid plugin. See README.md.
 */
import type { Area, OrganisationType, PersonRole, SignOffRole } from './vocabulary';
import type { PluginManifestInput } from './schema';

export * from './vocabulary';
export { pluginManifestSchema, stepSchema, optionSchema, STEP_ID } from './schema';
export type { PluginManifest, PluginManifestInput, StepInput, Step, OptionDeclaration } from './schema';

/**
 * The version of the plugin API the host implements. A plugin declares the range it needs in
 * `hostApi` (e.g. "^1.0.0"); the host refuses to start with a plugin whose range excludes it.
 */
export const PLUGIN_API_VERSION = '1.0.0';

/** What a hook knows about the organisation whose run is being assembled or scored. */
export interface OrganisationFacts {
  odsCode: string;
  name: string;
  type: OrganisationType;
}

/** The step a plugin's `appliesTo` hook is asked about (core and plugin steps alike). */
export interface StepFacts {
  id: string;
  title: string;
  area: Area;
  ownerRole: PersonRole;
  signOffRole: SignOffRole | null;
  gate: boolean;
}

/** A RAG reason a plugin adds to an organisation's readiness. */
export interface ReadinessAdjustment {
  rag: 'red' | 'amber';
  reason: string;
}

/** What `adjustReadiness` receives. */
export interface ReadinessContext {
  organisation: OrganisationFacts;
  options: Record<string, unknown>;
  readiness: {
    score: number;
    gate: { go: boolean; missing: { id: string }[] };
    steps: { id: string; status: string; dueDate: string; overdue: boolean }[];
  };
}

/** The result of one compliance check. */
export interface ComplianceResult {
  status: 'met' | 'not-met' | 'unknown';
  evidence: string;
}

/** What a compliance check's `evaluate` receives: a copy, so a check cannot change anything. */
export interface ComplianceCheckContext {
  organisation: OrganisationFacts;
  options: Record<string, unknown>;
  /** YYYY-MM-DD */
  today: string;
  run: {
    goLiveDate: string;
    catalogueVersion: string;
    steps: {
      id: string;
      title: string;
      area: string;
      status: string;
      dueDate: string;
      overdue: boolean;
      gate: boolean;
      completedAt: string | null;
      signedOffAt: string | null;
      waivedAt: string | null;
      evidence: { key: string; reference: string }[];
    }[];
  } | null;
}

/**
 * How long one hook call may take unless the host is configured otherwise
 * (`ONRAMP_PLUGIN_HOOK_TIMEOUT_MS`). A hook that takes longer is stopped and treated as failed.
 */
export const DEFAULT_HOOK_TIMEOUT_MS = 2000;

/**
 * Identity function that gives a manifest its types. Using it is optional.
 * @example
 * export default definePlugin({ id: 'my-trust', version: '1.0.0', hostApi: '^1.0.0', organisationTypes: ['acute'], steps: [] });
 */
export function definePlugin<T extends PluginManifestInput>(manifest: T): T {
  return manifest;
}
