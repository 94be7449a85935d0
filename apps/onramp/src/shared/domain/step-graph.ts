import type { StepDefinition } from './step-definition';

export interface GraphProblem {
  stepId: string;
  problem: 'duplicate-id' | 'unknown-dependency' | 'cycle' | 'self-dependency';
  message: string;
}

/**
 * Checks the dependency graph of a set of steps: unique ids, every dependency known, no cycles.
 * Returns every problem found rather than the first, so one edit fixes a file.
 */
export function checkStepGraph(steps: readonly Pick<StepDefinition, 'id' | 'dependsOn'>[]): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const byId = new Map<string, Pick<StepDefinition, 'id' | 'dependsOn'>>();
  for (const step of steps) {
    if (byId.has(step.id)) problems.push({ stepId: step.id, problem: 'duplicate-id', message: `step id "${step.id}" is defined more than once` });
    byId.set(step.id, step);
  }
  for (const step of steps) {
    for (const dep of step.dependsOn) {
      if (dep === step.id) problems.push({ stepId: step.id, problem: 'self-dependency', message: `step "${step.id}" depends on itself` });
      else if (!byId.has(dep)) problems.push({ stepId: step.id, problem: 'unknown-dependency', message: `step "${step.id}" depends on unknown step "${dep}"` });
    }
  }
  const cycle = findCycle(byId);
  if (cycle) problems.push({ stepId: cycle[0], problem: 'cycle', message: `dependency cycle: ${cycle.join(' -> ')}` });
  return problems;
}

function findCycle(byId: Map<string, Pick<StepDefinition, 'id' | 'dependsOn'>>): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    const seen = state.get(id);
    if (seen === 'done') return null;
    if (seen === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      if (dep === id || !byId.has(dep)) continue;
      const found = visit(dep);
      if (found) return found;
    }
    path.pop();
    state.set(id, 'done');
    return null;
  };
  for (const id of byId.keys()) {
    const found = visit(id);
    if (found) return found;
  }
  return null;
}

/** Steps ordered so every step comes after the steps it depends on; ties keep the given order. */
export function topologicalOrder<T extends Pick<StepDefinition, 'id' | 'dependsOn'>>(steps: readonly T[]): T[] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const placed = new Set<string>();
  const out: T[] = [];
  const place = (step: T) => {
    if (placed.has(step.id)) return;
    placed.add(step.id);
    for (const dep of step.dependsOn) {
      const d = byId.get(dep);
      if (d) place(d);
    }
    out.push(step);
  };
  steps.forEach(place);
  return out;
}

/** Every step that depends, directly or not, on `stepId`. */
export function transitiveDependents(steps: readonly Pick<StepDefinition, 'id' | 'dependsOn'>[], stepId: string): Set<string> {
  const dependents = new Map<string, string[]>();
  for (const s of steps) for (const d of s.dependsOn) dependents.set(d, [...(dependents.get(d) ?? []), s.id]);
  const out = new Set<string>();
  const queue = [...(dependents.get(stepId) ?? [])];
  while (queue.length) {
    const id = queue.shift()!;
    if (out.has(id)) continue;
    out.add(id);
    queue.push(...(dependents.get(id) ?? []));
  }
  return out;
}
