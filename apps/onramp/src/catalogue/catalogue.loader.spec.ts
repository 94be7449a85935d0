import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { projectRoot } from '../shared/config/project-root';
import { CatalogueError, loadCatalogue } from './catalogue.loader';
import { checkStepGraph } from '../shared/domain/step-graph';

const CORE_FILE = join(projectRoot(), 'config', 'catalogue', 'core.yaml');

describe('loadCatalogue', () => {
  describe('the real core catalogue', () => {
    const catalogue = loadCatalogue(CORE_FILE);

    it('has between 25 and 40 steps, all core', () => {
      expect(catalogue.steps.length).toBeGreaterThanOrEqual(25);
      expect(catalogue.steps.length).toBeLessThanOrEqual(40);
      for (const s of catalogue.steps) expect(s.id).toMatch(/^core\./);
    });

    it('derives every step from an https NHS page', () => {
      for (const s of catalogue.steps) expect(new URL(s.source).protocol).toBe('https:');
    });

    it('has at least one go-live gate step', () => {
      expect(catalogue.steps.filter((s) => s.gate).length).toBeGreaterThanOrEqual(1);
    });

    it('has a sound dependency graph', () => {
      expect(checkStepGraph(catalogue.steps)).toEqual([]);
    });

    it('carries a version, a content digest, the file and a core origin on each step', () => {
      expect(catalogue.version).toMatch(/^\d{4}\.\d{1,2}\.\d+$/);
      expect(catalogue.digest).toMatch(/^[0-9a-f]{64}$/);
      expect(catalogue.file).toBe(CORE_FILE);
      for (const s of catalogue.steps) expect(s.origin.source).toBe('core');
    });

    it('is frozen, so nothing at run time can edit the catalogue', () => {
      expect(Object.isFrozen(catalogue)).toBe(true);
      expect(Object.isFrozen(catalogue.steps)).toBe(true);
      expect(Object.isFrozen(catalogue.steps[0])).toBe(true);
      expect(Object.isFrozen(catalogue.steps[0].dependsOn)).toBe(true);
    });

    it('gives the same digest on every load', () => {
      expect(loadCatalogue(CORE_FILE).digest).toBe(catalogue.digest);
    });
  });

  describe('a broken file', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'onramp-catalogue-'));
    });
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    /** One valid step as it appears in YAML, with overrides. */
    const yamlStep = (id: string, overrides: Record<string, unknown> = {}) => ({
      id,
      title: `Step ${id}`,
      area: 'leadership',
      ownerRole: 'implementation-lead',
      dependsOn: [],
      dueOffsetDays: -30,
      guidance: 'Guidance text that is long enough for the schema.',
      source: 'https://digital.nhs.uk/services/e-referral-service',
      ...overrides,
    });

    function write(name: string, content: unknown): string {
      const file = join(dir, name);
      writeFileSync(file, typeof content === 'string' ? content : stringify(content));
      return file;
    }

    /** Loads a file that must be refused and returns the error message. */
    function refusal(file: string): string {
      let error: unknown;
      try {
        loadCatalogue(file);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CatalogueError);
      const message = (error as CatalogueError).message;
      expect(message).toContain('Invalid checklist catalogue');
      expect(message).toContain(file.split('/').at(-1));
      return message;
    }

    it('loads when nothing is broken (the fixtures below each break one thing)', () => {
      const file = write('valid.yaml', { version: '2026.11.1', steps: [yamlStep('core.a'), yamlStep('core.b', { dependsOn: ['core.a'] })] });

      const catalogue = loadCatalogue(file);

      expect(catalogue.steps.map((s) => s.id)).toEqual(['core.a', 'core.b']);
      expect(catalogue.steps[0]).toMatchObject({ evidence: [], signOffRole: null, gate: false, weight: 1 });
    });

    it('refuses YAML that does not parse', () => {
      const file = write('bad-yaml.yaml', 'version: "2026.11.1"\nsteps: [\n  - id: core.a\n');

      expect(refusal(file)).toContain('cannot read or parse YAML');
    });

    it('refuses a file that does not exist', () => {
      expect(refusal(join(dir, 'missing.yaml'))).toContain('cannot read or parse YAML');
    });

    it('refuses an unknown key, naming the step and the key', () => {
      const file = write('unknown-key.yaml', { version: '2026.11.1', steps: [yamlStep('core.a', { colour: 'blue' })] });

      expect(refusal(file)).toMatch(/steps\[0\]: Unrecognized key: "colour"/);
    });

    it('refuses a value outside an enum, naming the field', () => {
      const file = write('bad-enum.yaml', { version: '2026.11.1', steps: [yamlStep('core.a', { area: 'finance' })] });

      expect(refusal(file)).toMatch(/steps\[0\]\.area: /);
    });

    it('refuses a source that is not https', () => {
      const file = write('http-source.yaml', { version: '2026.11.1', steps: [yamlStep('core.a', { source: 'http://digital.nhs.uk/x' })] });

      expect(refusal(file)).toContain('steps[0].source: must be an https URL');
    });

    it('refuses a dependency on an unknown step', () => {
      const file = write('unknown-dependency.yaml', { version: '2026.11.1', steps: [yamlStep('core.a', { dependsOn: ['core.missing'] })] });

      expect(refusal(file)).toContain('step "core.a" depends on unknown step "core.missing"');
    });

    it('refuses a dependency cycle, naming it', () => {
      const file = write('cycle.yaml', {
        version: '2026.11.1',
        steps: [yamlStep('core.a', { dependsOn: ['core.b'] }), yamlStep('core.b', { dependsOn: ['core.a'] })],
      });

      expect(refusal(file)).toContain('dependency cycle: core.a -> core.b -> core.a');
    });

    it('refuses a step outside the core namespace', () => {
      const file = write('non-core.yaml', { version: '2026.11.1', steps: [yamlStep('core.a'), yamlStep('acute.switch-off-paper')] });

      expect(refusal(file)).toContain('step "acute.switch-off-paper" must start with "core."');
    });

    it('lists every problem, one per line, and says what to do', () => {
      const file = write('several.yaml', { version: '2026.11.1', steps: [yamlStep('mh.a'), yamlStep('core.b', { dependsOn: ['core.nope'] })] });

      const message = refusal(file);
      expect(message).toContain('\n  - step "mh.a" must start with "core."');
      expect(message).toContain('\n  - step "core.b" depends on unknown step "core.nope"');
      expect(message).toContain('Fix the file and start Onramp again.');
    });
  });
});
