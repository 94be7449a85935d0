import { DomainError } from '../shared/domain/domain-error';
import { describeHookFailure, type HookFailure } from './plugin-hook-runner';

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

/**
 * A plugin hook failed while a request needed its answer. The problem names the plugin and the hook
 * and how it failed; the plugin's own message stays in the server log. 503: the request was valid
 * and nothing was written, the fault is in a component the operator enabled, and the same request
 * succeeds once the plugin is fixed or disabled (or, after a time-out, when the server is less busy).
 */
export function pluginHookFailed(failure: HookFailure, consequence: string): DomainError {
  return new DomainError(
    'PLUGIN.HOOK_FAILED',
    'unavailable',
    `${consequence}: the ${failure.hook} hook of plugin "${failure.plugin}" ${describeHookFailure(failure)}. Nothing was changed. The server log has the details; an administrator can fix or disable the plugin`,
    { plugin: failure.plugin, hook: failure.hook, failure: failure.kind },
  );
}
