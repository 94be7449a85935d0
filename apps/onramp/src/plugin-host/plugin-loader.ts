import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import semver from 'semver';
import type { StepDefinition } from '../shared/domain/step-definition';
import { describeIssues } from '../shared/validation/describe-issues';
import { PLUGIN_API_VERSION, pluginManifestSchema, type PluginManifest } from '../shared/plugin-sdk';
import type { PluginProblem } from './plugin-error';

/** Plugins that ship with Onramp, enabled by id. */
export const BUILT_IN_PLUGINS: Record<string, string> = {
  acute: '../../../../plugins/acute/src/index',
  'mental-health': '../../../../plugins/mental-health/src/index',
  'independent-sector': '../../../../plugins/independent-sector/src/index',
};

export interface LoadedPlugin {
  id: string;
  version: string;
  hostApi: string;
  organisationTypes: PluginManifest['organisationTypes'];
  dependsOn: string[];
  description: string | undefined;
  /** Options after defaults, validated against the plugin's declarations. */
  options: Record<string, unknown>;
  steps: StepDefinition[];
  templatesDir: string | null;
  hooks: PluginManifest['hooks'];
  source: { kind: 'built-in' | 'path' | 'package'; spec: string; file: string };
  /** Set when `hostApi` excludes this host and the plugin was allowed anyway. */
  compatibilityWarning: string | null;
}

export interface LoadOptions {
  /** Options per plugin id from configuration. */
  options: Record<string, Record<string, unknown>>;
  /** Plugin ids whose incompatible `hostApi` is downgraded to a warning. */
  allowIncompatible: string[];
  cwd: string;
}

type Resolved = { kind: LoadedPlugin['source']['kind']; spec: string; file: string };

/** Built-in id, npm package name, or a path (absolute or relative to the working directory). */
export function resolvePluginSpec(spec: string, cwd: string): Resolved | { error: PluginProblem } {
  const fail = (problem: string, fix: string) => ({ error: { plugin: spec, file: spec, problem, fix } });
  const requireFrom = createRequire(join(cwd, 'noop.js'));
  if (BUILT_IN_PLUGINS[spec]) return { kind: 'built-in', spec, file: require.resolve(BUILT_IN_PLUGINS[spec]) };
  // A path: absolute, ./relative, or a relative path with a folder in it (package names have none, scoped ones start with @).
  if (spec.startsWith('.') || isAbsolute(spec) || (!spec.startsWith('@') && spec.includes('/'))) {
    const path = resolve(cwd, spec);
    if (!existsSync(path)) return fail(`no file or folder at ${path}`, 'check the path in ONRAMP_PLUGINS or the plugins list of the configuration');
    try {
      return { kind: 'path', spec, file: requireFrom.resolve(path) };
    } catch {
      return fail(
        `${path} has no loadable entry (package.json "main", index.js or index.mjs)`,
        'point at the plugin file itself, or add "main" to its package.json',
      );
    }
  }
  try {
    return { kind: 'package', spec, file: requireFrom.resolve(spec) };
  } catch {
    return fail(
      `"${spec}" is neither a built-in plugin (${Object.keys(BUILT_IN_PLUGINS).join(', ')}) nor an installed npm package`,
      `npm install ${spec}, or use a path starting with ./ or /`,
    );
  }
}

/** Loads a module written as CommonJS or as an ES module; its default export (or module.exports) is the manifest. */
async function importModule(file: string): Promise<unknown> {
  let mod: unknown;
  try {
    mod = require(file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code !== 'ERR_REQUIRE_ESM' && code !== 'ERR_REQUIRE_ASYNC_MODULE' && !(e instanceof SyntaxError && /import|export/.test(e.message))) throw e;
    mod = await import(pathToFileURL(file).href);
  }
  const m = mod as { default?: unknown; __esModule?: boolean };
  return m && typeof m === 'object' && 'default' in m && m.default !== undefined ? m.default : mod;
}

/** Loads and validates one plugin on its own; checks that need the other plugins come later. */
export async function loadPlugin(spec: string, opts: LoadOptions): Promise<{ plugin?: LoadedPlugin; problems: PluginProblem[]; warnings: string[] }> {
  const resolved = resolvePluginSpec(spec, opts.cwd);
  if ('error' in resolved) return { problems: [resolved.error], warnings: [] };
  const problem = (plugin: string, text: string, fix: string): PluginProblem => ({ plugin, file: resolved.file, problem: text, fix });

  let raw: unknown;
  try {
    raw = await importModule(resolved.file);
  } catch (e) {
    return {
      problems: [
        problem(
          spec,
          `the module cannot be loaded: ${(e as Error).message.split('\n')[0]}`,
          'run it with node to see the error; it must be a CommonJS or ES module without a build step',
        ),
      ],
      warnings: [],
    };
  }
  const parsed = pluginManifestSchema.safeParse(raw);
  const name = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : spec;
  if (!parsed.success) {
    return {
      problems: describeIssues(parsed.error).map((issue) => problem(name, `manifest: ${issue}`, 'see plugins/sdk/README.md for the manifest format')),
      warnings: [],
    };
  }
  const m = parsed.data;
  const problems: PluginProblem[] = [];
  const warnings: string[] = [];

  let compatibilityWarning: string | null = null;
  if (!semver.validRange(m.hostApi)) {
    problems.push(problem(m.id, `hostApi "${m.hostApi}" is not a semver range`, `use a range such as "^${PLUGIN_API_VERSION}"`));
  } else if (!semver.satisfies(PLUGIN_API_VERSION, m.hostApi)) {
    const text = `needs plugin API ${m.hostApi} but this Onramp provides ${PLUGIN_API_VERSION}`;
    if (opts.allowIncompatible.includes(m.id)) {
      compatibilityWarning = text;
      warnings.push(`plugin "${m.id}" ${text}; loaded anyway because ONRAMP_ALLOW_INCOMPATIBLE_PLUGINS names it`);
    } else problems.push(problem(m.id, text, `upgrade the plugin, or accept the risk with ONRAMP_ALLOW_INCOMPATIBLE_PLUGINS=${m.id}`));
  }
  for (const s of m.steps) {
    if (!s.id.startsWith(`${m.id}.`))
      problems.push(problem(m.id, `step "${s.id}" is outside the plugin's namespace`, `rename it to "${m.id}.${s.id.split('.').pop()}"`));
  }

  const options = resolveOptions(m, opts.options[m.id] ?? {}, (text, fix) => problems.push(problem(m.id, text, fix)));

  let templatesDir: string | null = null;
  if (m.templates !== undefined) {
    templatesDir = isAbsolute(m.templates) ? m.templates : resolve(dirname(resolved.file), m.templates);
    if (!existsSync(templatesDir) || !statSync(templatesDir).isDirectory()) {
      problems.push(problem(m.id, `templates folder ${templatesDir} does not exist`, 'create it or remove "templates" from the manifest'));
    }
  }

  const types = m.organisationTypes === '*' ? 'every organisation type' : `organisation type is ${m.organisationTypes.join(' or ')}`;
  const steps: StepDefinition[] = m.steps.map((s) => ({ ...s, origin: { source: m.id, reason: `added by plugin ${m.id}@${m.version} because ${types}` } }));
  return {
    plugin: {
      id: m.id,
      version: m.version,
      hostApi: m.hostApi,
      organisationTypes: m.organisationTypes,
      dependsOn: m.dependsOn,
      description: m.description,
      options,
      steps,
      templatesDir,
      hooks: m.hooks,
      source: resolved,
      compatibilityWarning,
    },
    problems,
    warnings,
  };
}

function resolveOptions(m: PluginManifest, given: Record<string, unknown>, report: (problem: string, fix: string) => void): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(given)) {
    if (!(key in m.options)) report(`unknown option "${key}"`, `known options: ${Object.keys(m.options).join(', ') || 'none'}`);
  }
  for (const [key, decl] of Object.entries(m.options)) {
    const value = key in given ? given[key] : decl.default;
    if (value === undefined) {
      if (decl.required) report(`option "${key}" is required (${decl.description})`, `set it in pluginOptions.${m.id}.${key}`);
      continue;
    }
    const ok =
      decl.type === 'string[]'
        ? Array.isArray(value) && value.every((v) => typeof v === 'string')
        : typeof value === decl.type && (decl.type !== 'number' || Number.isFinite(value));
    if (!ok) report(`option "${key}" must be a ${decl.type}, got ${JSON.stringify(value)}`, `fix pluginOptions.${m.id}.${key}`);
    else if (decl.enum && !(Array.isArray(value) ? value : [value]).every((v) => decl.enum!.includes(String(v))))
      report(`option "${key}" must be one of ${decl.enum.join(', ')}`, `fix pluginOptions.${m.id}.${key}`);
    else out[key] = value;
  }
  return out;
}
