import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { contextGraph, cruise, dependencyOrder, pairsBothWays, ROOT, type Cruise } from './import-graph';

/*
 * The layer rules in .dependency-cruiser.cjs, proved two ways: the real import graph has no pair
 * of contexts importing each other (dependency-cruiser cannot say that at context level), and a
 * probe file breaking each rule is reported under that rule's name. One spec file, so the probes
 * never exist while the real graph is read.
 */
const PROBE = 'zz-layer-probe';
const SRC = 'apps/onramp/src';

describe('the import graph', () => {
  let real: Cruise;
  beforeAll(() => {
    real = cruise();
  });

  it('breaks no layer rule', () => {
    expect(real.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  });

  it('has no two contexts importing each other, and the contexts have a dependency order', () => {
    const graph = contextGraph(real);
    expect(pairsBothWays(graph)).toEqual([]);
    expect(() => dependencyOrder(graph)).not.toThrow();
  });
});

describe('each rule fires on a probe that breaks it', () => {
  const probes: Record<string, string> = {
    // A domain file importing Nest, directly; and another reaching it only through its own domain.
    [`${SRC}/readiness/domain/${PROBE}-nest.ts`]: `import '@nestjs/common';\n`,
    [`${SRC}/readiness/domain/${PROBE}-via.ts`]: `import './${PROBE}-nest';\n`,
    // A context reaching into another's internals, from code and from a spec; and a spec using another context's test builders (allowed).
    [`${SRC}/reports/${PROBE}-internals.ts`]: `import '../onboarding/persistence/checklist.entity';\n`,
    [`${SRC}/reports/${PROBE}-internals.spec.ts`]: `import '../onboarding/persistence/checklist.entity';\n`,
    [`${SRC}/reports/${PROBE}-builders.spec.ts`]: `import '../onboarding/domain/testing/step-definition.builder';\n`,
    // A context using another's schema door (only schema/ may); schema/ using it (allowed).
    [`${SRC}/reports/${PROBE}-schema-door.ts`]: `import '../onboarding/schema';\n`,
    [`${SRC}/schema/${PROBE}-schema-door.ts`]: `import '../onboarding/schema';\n`,
    // platform reaching a context through shared/; shared reaching a context.
    [`${SRC}/platform/${PROBE}.ts`]: `import '../shared/${PROBE}';\n`,
    [`${SRC}/shared/${PROBE}.ts`]: `import '../reports';\n`,
    // A plugin importing the application.
    [`plugins/acute/src/${PROBE}.ts`]: `import '../../../apps/onramp/src/shared/domain/clock';\n`,
    // A file-level cycle.
    [`${SRC}/catalogue/${PROBE}-a.ts`]: `import './${PROBE}-b';\n`,
    [`${SRC}/catalogue/${PROBE}-b.ts`]: `import './${PROBE}-a';\n`,
    // catalogue importing reports, which imports catalogue: a pair of contexts both ways.
    [`${SRC}/catalogue/${PROBE}-pair.ts`]: `import '../reports';\n`,
  };
  let probed: Cruise;
  beforeAll(() => {
    try {
      for (const [path, text] of Object.entries(probes)) {
        mkdirSync(dirname(join(ROOT, path)), { recursive: true });
        writeFileSync(join(ROOT, path), text);
      }
      probed = cruise();
    } finally {
      for (const path of Object.keys(probes)) rmSync(join(ROOT, path), { force: true });
    }
  });
  const reported = (rule: string, from: string) => probed.summary.violations.some((v) => v.rule.name === rule && v.from === from);

  it.each([
    ['domain-imports-only-its-domain-and-the-kernel', `${SRC}/readiness/domain/${PROBE}-nest.ts`],
    ['domain-reaches-only-its-domain-and-the-kernel', `${SRC}/readiness/domain/${PROBE}-via.ts`],
    ['contexts-meet-through-index', `${SRC}/reports/${PROBE}-internals.ts`],
    ['specs-meet-through-index-or-test-builders', `${SRC}/reports/${PROBE}-internals.spec.ts`],
    ['context-schema-entries-are-for-the-schema-root', `${SRC}/reports/${PROBE}-schema-door.ts`],
    ['platform-reaches-no-context', `${SRC}/platform/${PROBE}.ts`],
    ['shared-reaches-no-context-or-platform', `${SRC}/shared/${PROBE}.ts`],
    ['plugins-import-only-the-sdk', `plugins/acute/src/${PROBE}.ts`],
    ['no-circular', `${SRC}/catalogue/${PROBE}-a.ts`],
  ])('%s reports %s', (rule, from) => {
    expect(reported(rule, from)).toBe(true);
  });

  it('lets schema/ through a context’s schema door', () => {
    expect(probed.summary.violations.filter((v) => v.from === `${SRC}/schema/${PROBE}-schema-door.ts`)).toEqual([]);
  });

  it('lets a spec use another context’s test builders, and nothing else of it', () => {
    expect(probed.summary.violations.filter((v) => v.from === `${SRC}/reports/${PROBE}-builders.spec.ts`)).toEqual([]);
  });

  it('finds the pair of contexts importing each other', () => {
    const graph = contextGraph(probed, (path) => path.includes(PROBE) && !path.includes(`${PROBE}-pair`));
    expect(pairsBothWays(graph)).toEqual(['catalogue <-> reports']);
    expect(() => dependencyOrder(graph)).toThrow(/catalogue -> reports -> catalogue|reports -> catalogue -> reports/);
  });
});
