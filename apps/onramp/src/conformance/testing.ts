/**
 * The conformance kit: one call in a plugin's own Jest spec checks the manifest, its steps against
 * the core catalogue, its templates (loaded and rendered from their fixtures exactly as the server
 * does), every hook it declares on representative runs, and that a run for each of its
 * organisation types can be started and completed in an in-memory host that uses Onramp's real
 * checklist rules. The checks themselves are plain functions in ./conformance, which
 * `onramp plugin:validate` runs too.
 *
 * @example
 * // my-plugin.spec.js
 * const { describeConformance } = require('<onramp>/plugins/sdk/testing');
 * describeConformance(require.resolve('./index.js'), { options: { clinicAddresses: 2 } });
 */
import {
  checkPluginHooks,
  checkPluginTemplates,
  completeInMemory,
  loadPluginForTest,
  typesOf,
  type ConformanceOptions,
  type LoadedForTest,
} from './conformance';
import { ORGANISATION_TYPES } from '../shared/plugin-sdk';

export * from './conformance';

/** Registers the conformance tests for one plugin in the calling Jest spec. */
export function describeConformance(pluginSpec: string, opts: ConformanceOptions = {}): void {
  describe(`Onramp plugin conformance: ${pluginSpec}`, () => {
    let loaded: LoadedForTest;
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

    it('has templates the server loads (folder layout, syntax, helpers) and that render from their fixtures in strict mode', () => {
      expect(checkPluginTemplates(loaded)).toEqual([]);
    });

    it(
      'has hooks that run on representative runs of each of its organisation types without failing, within the time limit, returning what the SDK documents',
      async () => {
        expect(await checkPluginHooks(loaded)).toEqual([]);
      },
      // A hook that times out costs its time limit once (it is not called again), so a broken plugin fails with its problems, not Jest's own time-out.
      120_000,
    );

    it('adds its steps to a run for each of its organisation types, saying why, and to no other type', () => {
      for (const type of ORGANISATION_TYPES) {
        const composed = loaded.registry.compose({ odsCode: 'TEST1', name: 'Conformance organisation', type });
        const mine = composed.steps.filter((s) => s.origin.source === loaded.plugin.id);
        if (typesOf(loaded.plugin).includes(type)) {
          expect(mine.length).toBeGreaterThan(0);
          for (const s of mine) expect(s.origin.reason).toContain(loaded.plugin.id);
          expect(composed.plugins).toContainEqual({ id: loaded.plugin.id, version: loaded.plugin.version });
        } else expect(mine).toEqual([]);
      }
    });

    it('lets a run for each of its organisation types be started and completed to a green go-live gate', () => {
      for (const type of typesOf(loaded.plugin)) {
        const composed = loaded.registry.compose({ odsCode: 'TEST1', name: 'Conformance organisation', type });
        const readiness = completeInMemory(composed.steps, 'TEST1');
        expect({ type, go: readiness.gate.go, score: readiness.score }).toEqual({ type, go: true, score: 100 });
      }
    });
  });
}
