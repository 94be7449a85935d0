import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** What dependency-cruiser reports, reduced to what these tests read. */
export interface Cruise {
  modules: { source: string; dependencies: { resolved: string }[] }[];
  summary: { violations: { rule: { name: string }; from: string; to: string }[] };
}

export const ROOT = join(__dirname, '..', '..');

/** Runs dependency-cruiser over apps/ and plugins/ with the project's rules (as `npm run lint:layers` does), returning its JSON. */
export function cruise(): Cruise {
  const bin = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');
  const run = spawnSync(process.execPath, [bin, 'apps', 'plugins', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (!run.stdout) throw new Error(`dependency-cruiser produced no output (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as Cruise;
}

/** The context (top-level folder under apps/onramp/src) a module belongs to; null for composition roots and anything outside. */
export function contextOf(path: string): string | null {
  return /^apps\/onramp\/src\/([^/]+)\//.exec(path)?.[1] ?? null;
}

/** Context → the contexts it imports (platform/ and shared/ count as folders here too). */
export function contextGraph(result: Cruise, skip: (path: string) => boolean = () => false): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const module of result.modules) {
    const from = contextOf(module.source);
    if (!from || skip(module.source)) continue;
    for (const dependency of module.dependencies) {
      const to = contextOf(dependency.resolved);
      if (!to || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }
  return graph;
}

/** Every pair of contexts that import each other, as "a <-> b" with a < b. */
export function pairsBothWays(graph: Map<string, Set<string>>): string[] {
  const pairs = new Set<string>();
  for (const [a, targets] of graph) for (const b of targets) if (graph.get(b)?.has(a)) pairs.add([a, b].sort().join(' <-> '));
  return [...pairs].sort();
}

/** The contexts in dependency order (each after everything it imports); throws naming a cycle if there is one. */
export function dependencyOrder(graph: Map<string, Set<string>>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (node: string, path: string[]) => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'visiting') throw new Error(`contexts import each other in a cycle: ${[...path.slice(path.indexOf(node)), node].join(' -> ')}`);
    state.set(node, 'visiting');
    for (const next of [...(graph.get(node) ?? [])].sort()) visit(next, [...path, node]);
    state.set(node, 'done');
    order.push(node);
  };
  for (const node of [...graph.keys()].sort()) visit(node, []);
  return order;
}
