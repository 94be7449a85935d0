/**
 * The conformance kit: one call in a plugin's own Jest spec checks the manifest, its steps against
 * the core catalogue, its templates, and that a run for each of its organisation types can be
 * started and completed in an in-memory host that uses Onramp's real checklist rules.
 *
 * @example
 * // my-plugin.spec.js
 * const { describeConformance } = require('<onramp>/plugins/sdk/testing');
 * describeConformance(require.resolve('./index.js'), { options: { clinicAddresses: 2 } });
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { loadCatalogue } from '../../../apps/onramp/src/catalogue/catalogue.loader';
import { OnboardingRun } from '../../../apps/onramp/src/onboarding/domain/onboarding-run';
import { calculateReadiness } from '../../../apps/onramp/src/readiness/domain/readiness.calculator';
import { PluginRegistry } from '../../../apps/onramp/src/plugin-host/plugin-registry';
import { projectRoot } from '../../../apps/onramp/src/shared/config/project-root';
import { ORGANISATION_TYPES, type OrganisationType } from './vocabulary';

export interface ConformanceOptions {
  /** Options the plugin is configured with in the test. */
  options?: Record<string, unknown>;
  /** Other plugins (specs: ids, paths or packages) this plugin depends on, enabled before it. */
  with?: string[];
  /** The core catalogue file; defaults to Onramp's own. */
  catalogueFile?: string;
}

/** Loads a plugin the way the host does at start-up, with the core catalogue; throws the host's own message on any problem. */
export async function loadPluginForTest(pluginSpec: string, opts: ConformanceOptions = {}) {
  const catalogue = loadCatalogue(opts.catalogueFile ?? join(projectRoot(), 'config/catalogue/core.yaml'));
  const specs = [...(opts.with ?? []), pluginSpec];
  const registry = await PluginRegistry.load(specs, catalogue.steps, { options: {}, allowIncompatible: [], cwd: process.cwd() });
  const plugin = registry.plugins[registry.plugins.length - 1];
  if (!opts.options) return { catalogue, registry, plugin };
  const configured = await PluginRegistry.load(specs, catalogue.steps, { options: { [plugin.id]: opts.options }, allowIncompatible: [], cwd: process.cwd() });
  return { catalogue, registry: configured, plugin: configured.plugins[configured.plugins.length - 1] };
}

function hbsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? hbsFiles(path) : name.endsWith('.hbs') ? [path] : [];
  });
}

/** Walks a composed checklist to the end with the real aggregate; returns the final readiness. */
export function completeInMemory(steps: Parameters<typeof OnboardingRun.start>[0]['steps'], organisation: string, now = new Date('2026-01-05T09:00:00Z')) {
  const run = OnboardingRun.start({ id: 'conformance', organisation, goLiveDate: '2026-12-01', catalogueVersion: 'conformance', steps, now });
  const lead = { id: 'lead', role: 'implementation-lead' as const, label: 'implementation lead' };
  const clinical = { id: 'clinical', role: 'clinical-lead' as const, label: 'clinical lead' };
  for (const d of run.definitions) {
    run.complete(d.id, { evidence: d.evidence.map((e) => ({ key: e.key, reference: `conformance:${e.key}` })), note: null, actor: lead, now });
    if (d.signOffRole) run.signOff(d.id, { actor: d.signOffRole === 'clinical-lead' ? clinical : lead, note: null, now });
  }
  return calculateReadiness({ organisation, goLiveDate: run.goLiveDate, startedAt: run.startedAt, steps: run.stepFacts() }, now);
}

/** Registers the conformance tests for one plugin in the calling Jest spec. */
export function describeConformance(pluginSpec: string, opts: ConformanceOptions = {}): void {
  describe(`Onramp plugin conformance: ${pluginSpec}`, () => {
    let loaded: Awaited<ReturnType<typeof loadPluginForTest>>;
    beforeAll(async () => {
      loaded = await loadPluginForTest(pluginSpec, opts);
    });

    it('has a manifest the host accepts (schema, hostApi, namespaced step ids, dependencies, no cycles)', () => {
      expect(loaded.plugin).toBeDefined();
      for (const step of loaded.plugin.steps) expect(step.id.startsWith(`${loaded.plugin.id}.`)).toBe(true);
    });

    it('cites an https source and gives its own guidance for every step', () => {
      for (const step of loaded.plugin.steps) {
        expect(step.source).toMatch(/^https:\/\//);
        expect(step.guidance.length).toBeGreaterThanOrEqual(20);
      }
    });

    it('has templates that compile in strict mode', () => {
      const dir = loaded.plugin.templatesDir;
      if (!dir) return expect(loaded.plugin.templatesDir).toBeNull();
      const files = hbsFiles(dir);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) expect(() => Handlebars.precompile(readFileSync(file, 'utf8'), { strict: true })).not.toThrow();
    });

    const types = (): OrganisationType[] => (loaded.plugin.organisationTypes === '*' ? [...ORGANISATION_TYPES] : loaded.plugin.organisationTypes);

    it('adds its steps to a run for each of its organisation types, saying why, and to no other type', () => {
      for (const type of ORGANISATION_TYPES) {
        const composed = loaded.registry.compose({ odsCode: 'TEST1', name: 'Conformance organisation', type });
        const mine = composed.steps.filter((s) => s.origin.source === loaded.plugin.id);
        if (types().includes(type)) {
          expect(mine.length).toBeGreaterThan(0);
          for (const s of mine) expect(s.origin.reason).toContain(loaded.plugin.id);
          expect(composed.plugins).toContainEqual({ id: loaded.plugin.id, version: loaded.plugin.version });
        } else expect(mine).toEqual([]);
      }
    });

    it('lets a run for each of its organisation types be started and completed to a green go-live gate', () => {
      for (const type of types()) {
        const composed = loaded.registry.compose({ odsCode: 'TEST1', name: 'Conformance organisation', type });
        const readiness = completeInMemory(composed.steps, 'TEST1');
        expect({ type, go: readiness.gate.go, score: readiness.score }).toEqual({ type, go: true, score: 100 });
      }
    });
  });
}
