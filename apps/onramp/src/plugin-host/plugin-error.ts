/** One problem with one plugin: what, where, and how to fix it. */
export interface PluginProblem {
  plugin: string;
  file: string;
  problem: string;
  fix: string;
}

export const formatProblem = (p: PluginProblem) => `plugin "${p.plugin}" (${p.file}): ${p.problem}\n    fix: ${p.fix}`;

/** Start-up stops with every plugin problem found, not just the first. */
export class PluginLoadError extends Error {
  constructor(readonly problems: PluginProblem[]) {
    super(`${problems.length} plugin problem(s):\n  - ${problems.map(formatProblem).join('\n  - ')}`);
    this.name = 'PluginLoadError';
  }
}
