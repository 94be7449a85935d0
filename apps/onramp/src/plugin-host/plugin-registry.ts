import type { StepDefinition } from '../shared/domain/step-definition';
import { checkStepGraph } from '../shared/domain/step-graph';
import type { OrganisationFacts } from '../shared/plugin-sdk';
import { pluginHookFailed, PluginLoadError, type PluginProblem } from './plugin-error';
import { PluginHookRunner, type HookRunnerOptions } from './plugin-hook-runner';
import { loadPlugin, type LoadedPlugin, type LoadOptions } from './plugin-loader';

export interface PluginPin {
  id: string;
  version: string;
}

/** The checklist one organisation gets: core steps plus every applicable plugin's, and the plugin versions used. */
export interface ComposedChecklist {
  steps: StepDefinition[];
  plugins: PluginPin[];
}

/**
 * The enabled plugins, validated together with the core checklist. Built once at start-up;
 * any problem stops the server (see {@link PluginLoadError}).
 */
export class PluginRegistry {
  private constructor(
    readonly plugins: readonly LoadedPlugin[],
    private readonly core: readonly StepDefinition[],
    readonly warnings: readonly string[],
    /** The only way plugin code is called: see {@link PluginHookRunner}. */
    readonly hooks: PluginHookRunner,
  ) {}

  static async load(specs: string[], core: readonly StepDefinition[], opts: LoadOptions & { hooks?: HookRunnerOptions }): Promise<PluginRegistry> {
    const problems: PluginProblem[] = [];
    const warnings: string[] = [];
    const plugins: LoadedPlugin[] = [];
    for (const spec of specs) {
      const result = await loadPlugin(spec, opts);
      problems.push(...result.problems);
      warnings.push(...result.warnings);
      if (result.plugin) plugins.push(result.plugin);
    }
    for (const id of Object.keys(opts.options)) {
      if (!plugins.some((p) => p.id === id) && !problems.some((p) => p.plugin === id)) {
        problems.push({
          plugin: id,
          file: '(configuration)',
          problem: 'options are configured for a plugin that is not enabled',
          fix: `enable "${id}" or remove pluginOptions.${id}`,
        });
      }
    }
    problems.push(...checkComposition(plugins, core));
    if (problems.length) throw new PluginLoadError(problems);
    return new PluginRegistry(plugins, core, warnings, new PluginHookRunner(opts.hooks));
  }

  get(id: string): LoadedPlugin | undefined {
    return this.plugins.find((p) => p.id === id);
  }

  /**
   * The checklist for one organisation, in a deterministic order: core steps, then each applicable
   * plugin's steps in the configured plugin order. A plugin's `appliesTo` hook may leave steps out;
   * dependencies on steps left out are dropped (they do not apply). A hook that fails (throws, runs
   * past the time limit, answers with a promise) throws the `PLUGIN.HOOK_FAILED` domain error: a
   * checklist is pinned into the run, so it is never assembled on a guess.
   */
  compose(organisation: OrganisationFacts): ComposedChecklist {
    const applicable = this.plugins.filter((p) => p.organisationTypes === '*' || p.organisationTypes.includes(organisation.type));
    let steps: StepDefinition[] = [...this.core, ...applicable.flatMap((p) => p.steps)];
    for (const p of applicable) {
      if (!p.hooks.appliesTo) continue;
      const outcome = this.hooks.appliesTo(p, steps, organisation);
      if (!outcome.ok) throw pluginHookFailed(outcome.failure, 'the checklist for this organisation cannot be assembled');
      steps = steps.filter((_, i) => outcome.value[i]);
    }
    const present = new Set(steps.map((s) => s.id));
    steps = steps.map((s) => (s.dependsOn.every((d) => present.has(d)) ? s : { ...s, dependsOn: s.dependsOn.filter((d) => present.has(d)) }));
    return { steps, plugins: applicable.map((p) => ({ id: p.id, version: p.version })) };
  }
}

/** Checks that need every plugin at once: ids, plugin dependencies, step dependencies across core and plugins, cycles. */
function checkComposition(plugins: LoadedPlugin[], core: readonly StepDefinition[]): PluginProblem[] {
  const problems: PluginProblem[] = [];
  const at = (p: LoadedPlugin) => p.source.file;
  const seen = new Map<string, LoadedPlugin>();
  for (const p of plugins) {
    const other = seen.get(p.id);
    if (other) problems.push({ plugin: p.id, file: at(p), problem: `plugin id "${p.id}" is also used by ${at(other)}`, fix: 'enable only one of them' });
    seen.set(p.id, p);
  }
  const owner = new Map<string, string>(core.map((s) => [s.id, 'core']));
  for (const p of plugins) {
    for (const s of p.steps) {
      if (owner.has(s.id))
        problems.push({
          plugin: p.id,
          file: at(p),
          problem: `step id "${s.id}" is already defined by ${owner.get(s.id)}`,
          fix: 'give the step an id of its own',
        });
      else owner.set(s.id, p.id);
    }
  }
  for (const p of plugins) {
    for (const dep of p.dependsOn) {
      const d = seen.get(dep);
      if (!d) {
        problems.push({
          plugin: p.id,
          file: at(p),
          problem: `depends on plugin "${dep}", which is not enabled`,
          fix: `enable "${dep}" too (ONRAMP_PLUGINS or plugins in the configuration), listed before "${p.id}"`,
        });
        continue;
      }
      if (d.organisationTypes !== '*' && (p.organisationTypes === '*' || p.organisationTypes.some((t) => !d.organisationTypes.includes(t)))) {
        problems.push({
          plugin: p.id,
          file: at(p),
          problem: `depends on plugin "${dep}", which does not apply to every organisation type "${p.id}" does`,
          fix: `narrow organisationTypes of "${p.id}" to ${(d.organisationTypes as string[]).join(', ')}`,
        });
      }
    }
    const allowed = new Set(['core', p.id, ...p.dependsOn]);
    for (const s of p.steps) {
      for (const dep of s.dependsOn) {
        const ns = dep.split('.')[0];
        if (!allowed.has(ns))
          problems.push({
            plugin: p.id,
            file: at(p),
            problem: `step "${s.id}" depends on "${dep}" of plugin "${ns}", which "${p.id}" does not declare in dependsOn`,
            fix: `add "${ns}" to dependsOn, or drop the dependency`,
          });
        else if (!owner.has(dep))
          problems.push({
            plugin: p.id,
            file: at(p),
            problem: `step "${s.id}" depends on unknown step "${dep}"`,
            fix: 'use the id of an existing core or plugin step (GET /api/v1/catalogue lists core steps)',
          });
      }
    }
  }
  if (problems.length === 0) {
    for (const g of checkStepGraph([...core, ...plugins.flatMap((p) => p.steps)])) {
      const p = plugins.find((x) => x.id === owner.get(g.stepId)) ?? plugins[0];
      problems.push({
        plugin: owner.get(g.stepId) ?? '?',
        file: p ? at(p) : '?',
        problem: g.message,
        fix: 'break the cycle by removing one of the dependencies',
      });
    }
  }
  return problems;
}
