import { checkStepGraph, topologicalOrder, transitiveDependents } from './step-graph';

/** Only the graph matters here: `node('core.b', 'core.a')` is a step b depending on a. */
const node = (id: string, ...dependsOn: string[]) => ({ id, dependsOn });

describe('checkStepGraph', () => {
  it('finds nothing wrong with a valid graph', () => {
    expect(checkStepGraph([node('core.a'), node('core.b', 'core.a'), node('core.c', 'core.a', 'core.b')])).toEqual([]);
  });

  it('reports a duplicate id', () => {
    expect(checkStepGraph([node('core.a'), node('core.b'), node('core.a')])).toEqual([
      { stepId: 'core.a', problem: 'duplicate-id', message: 'step id "core.a" is defined more than once' },
    ]);
  });

  it('reports a dependency on an unknown step', () => {
    expect(checkStepGraph([node('core.a', 'core.missing')])).toEqual([
      { stepId: 'core.a', problem: 'unknown-dependency', message: 'step "core.a" depends on unknown step "core.missing"' },
    ]);
  });

  it('reports a step depending on itself once, not also as a cycle', () => {
    expect(checkStepGraph([node('core.a', 'core.a')])).toEqual([{ stepId: 'core.a', problem: 'self-dependency', message: 'step "core.a" depends on itself' }]);
  });

  it('reports a cycle naming its path', () => {
    const problems = checkStepGraph([node('core.a', 'core.b'), node('core.b', 'core.c'), node('core.c', 'core.a')]);

    expect(problems).toEqual([{ stepId: 'core.a', problem: 'cycle', message: 'dependency cycle: core.a -> core.b -> core.c -> core.a' }]);
  });

  it('names only the steps on the cycle, not the path that led to it', () => {
    const problems = checkStepGraph([node('core.entry', 'core.x'), node('core.x', 'core.y'), node('core.y', 'core.x')]);

    expect(problems).toEqual([{ stepId: 'core.x', problem: 'cycle', message: 'dependency cycle: core.x -> core.y -> core.x' }]);
  });

  it('reports every problem at once so one edit fixes the file', () => {
    const problems = checkStepGraph([
      node('core.a', 'core.a'),
      node('core.a'),
      node('core.b', 'core.nope'),
      node('core.c', 'core.d'),
      node('core.d', 'core.c'),
    ]);

    expect(problems.map((p) => p.problem).sort()).toEqual(['cycle', 'duplicate-id', 'self-dependency', 'unknown-dependency']);
  });
});

describe('topologicalOrder', () => {
  it('puts every step after the steps it depends on', () => {
    const steps = [node('core.d', 'core.b', 'core.c'), node('core.c', 'core.a'), node('core.b', 'core.a'), node('core.a')];

    const ids = topologicalOrder(steps).map((s) => s.id);

    expect(ids).toEqual(['core.a', 'core.b', 'core.c', 'core.d']);
  });

  it('keeps the given order for steps with no ordering constraint between them', () => {
    const ids = topologicalOrder([node('core.z'), node('core.m'), node('core.a')]).map((s) => s.id);

    expect(ids).toEqual(['core.z', 'core.m', 'core.a']);
  });

  it('places a shared dependency once (diamond)', () => {
    const ids = topologicalOrder([
      node('core.top', 'core.left', 'core.right'),
      node('core.left', 'core.base'),
      node('core.right', 'core.base'),
      node('core.base'),
    ]).map((s) => s.id);

    expect(ids).toEqual(['core.base', 'core.left', 'core.right', 'core.top']);
  });

  it('ignores dependencies that are not in the list', () => {
    const ids = topologicalOrder([node('plugin.b', 'core.elsewhere'), node('plugin.a')]).map((s) => s.id);

    expect(ids).toEqual(['plugin.b', 'plugin.a']);
  });

  it('returns the same objects in a new array, leaving the input alone', () => {
    const a = node('core.a');
    const b = node('core.b', 'core.a');
    const input = [b, a];

    const out = topologicalOrder(input);

    expect(out[0]).toBe(a);
    expect(out[1]).toBe(b);
    expect(input).toEqual([b, a]);
  });
});

describe('transitiveDependents', () => {
  // a <- b <- c, a <- d, e unrelated; f depends on both b and d (reached twice).
  const graph = [
    node('core.a'),
    node('core.b', 'core.a'),
    node('core.c', 'core.b'),
    node('core.d', 'core.a'),
    node('core.e'),
    node('core.f', 'core.b', 'core.d'),
  ];

  it('finds direct and indirect dependents, each once, and not the step itself', () => {
    expect([...transitiveDependents(graph, 'core.a')].sort()).toEqual(['core.b', 'core.c', 'core.d', 'core.f']);
  });

  it('finds only what lies downstream of a middle step', () => {
    expect([...transitiveDependents(graph, 'core.b')].sort()).toEqual(['core.c', 'core.f']);
  });

  it('is empty for a step nothing depends on, or an unknown step', () => {
    expect(transitiveDependents(graph, 'core.c').size).toBe(0);
    expect(transitiveDependents(graph, 'core.e').size).toBe(0);
    expect(transitiveDependents(graph, 'core.unknown').size).toBe(0);
  });
});
