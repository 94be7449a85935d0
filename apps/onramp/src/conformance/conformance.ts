/**
 * The conformance checks, as plain functions returning the problems they find: the conformance kit
 * (`describeConformance` in ./testing) turns each into a Jest test, and `onramp plugin:validate`
 * runs the same ones. Every check uses the host's own code: the plugin loader and registry, the
 * template engine, the run aggregate, the readiness calculator, the contexts hooks receive, and the
 * hook runner with its time limit.
 */
import { join } from 'node:path';
// The kit runs in a plugin author's plain Jest, where Nest (ESM) cannot load, and every index.ts loads
// its context's Nest module; so it imports the Nest-free modules behind the index.ts files (an
// exception in .dependency-cruiser.cjs; test/e2e/plugins.e2e-spec.ts runs the built kit in a plain Jest).
import { loadCatalogue } from '../catalogue/catalogue.loader';
import type { StepDefinition } from '../shared/domain/step-definition';
import { checkTemplates } from '../platform/rendering/template-check';
import { OnboardingRun, type OnboardingRunSnapshot } from '../onboarding/domain/onboarding-run';
import { readinessHookContext } from '../readiness/domain/readiness-context';
import { calculateReadiness, type ReadinessInput } from '../readiness/domain/readiness.calculator';
import { describeHookFailure, type HookFailure } from '../plugin-host/plugin-hook-runner';
import type { LoadedPlugin } from '../plugin-host/plugin-loader';
import { PluginRegistry } from '../plugin-host/plugin-registry';
import { complianceCheckContext } from '../reports/building/compliance.rules';
import { projectRoot } from '../shared/config/project-root';
import { DEFAULT_HOOK_TIMEOUT_MS, ORGANISATION_TYPES, type OrganisationFacts, type OrganisationType } from '../shared/plugin-sdk';

export interface ConformanceOptions {
  /** Options the plugin is configured with in the test. */
  options?: Record<string, unknown>;
  /** Other plugins (specs: ids, paths or packages) this plugin depends on, enabled before it. */
  with?: string[];
  /** The core catalogue file; defaults to Onramp's own. */
  catalogueFile?: string;
  /** The time limit of one hook call; defaults to the host's ({@link DEFAULT_HOOK_TIMEOUT_MS}). */
  hookTimeoutMs?: number;
}

export type LoadedForTest = Awaited<ReturnType<typeof loadPluginForTest>>;

/** Loads a plugin the way the host does at start-up, with the core catalogue; throws the host's own message on any problem. */
export async function loadPluginForTest(pluginSpec: string, opts: ConformanceOptions = {}) {
  const catalogue = loadCatalogue(opts.catalogueFile ?? join(projectRoot(), 'config/catalogue/core.yaml'));
  const specs = [...(opts.with ?? []), pluginSpec];
  // A hook that times out is not called again (tripAfter 1): a hanging hook costs the kit one time limit, not one per run it would judge.
  const hooks = { timeoutMs: opts.hookTimeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS, tripAfter: 1 };
  const registry = await PluginRegistry.load(specs, catalogue.steps, { options: {}, allowIncompatible: [], cwd: process.cwd(), hooks });
  const plugin = registry.plugins[registry.plugins.length - 1];
  if (!opts.options) return { catalogue, registry, plugin };
  const configured = await PluginRegistry.load(specs, catalogue.steps, {
    options: { [plugin.id]: opts.options },
    allowIncompatible: [],
    cwd: process.cwd(),
    hooks,
  });
  return { catalogue, registry: configured, plugin: configured.plugins[configured.plugins.length - 1] };
}

/** The organisation types a plugin applies to. */
export const typesOf = (plugin: LoadedPlugin): OrganisationType[] => (plugin.organisationTypes === '*' ? [...ORGANISATION_TYPES] : plugin.organisationTypes);

const START = new Date('2026-01-05T09:00:00Z');
const GO_LIVE = '2026-12-01';
const lead = { id: 'lead', role: 'implementation-lead' as const, label: 'implementation lead' };
const clinical = { id: 'clinical', role: 'clinical-lead' as const, label: 'clinical lead' };
/** Completes the steps a lead signs off: four eyes, as in a real run. */
const contributor = { id: 'contributor', role: 'contributor' as const, label: 'contributor' };

function startRun(steps: readonly StepDefinition[], organisation: string): OnboardingRun {
  return OnboardingRun.start({ id: 'conformance', organisation, goLiveDate: GO_LIVE, catalogueVersion: 'conformance', steps: [...steps], now: START });
}

/** Completes (and signs off) the first `count` steps in checklist order, which puts dependencies first. */
function settle(run: OnboardingRun, count: number): OnboardingRun {
  for (const d of run.definitions.slice(0, count)) {
    run.complete(d.id, {
      evidence: d.evidence.map((e) => ({ key: e.key, reference: `conformance:${e.key}` })),
      note: null,
      actor: d.signOffRole ? contributor : lead,
      now: START,
    });
    if (d.signOffRole) run.signOff(d.id, { actor: d.signOffRole === 'clinical-lead' ? clinical : lead, note: null, now: START });
  }
  return run;
}

/** Walks a composed checklist to the end with the real aggregate; returns the final readiness. */
export function completeInMemory(steps: Parameters<typeof OnboardingRun.start>[0]['steps'], organisation: string, now = START) {
  const run = startRun(steps, organisation);
  settle(run, run.definitions.length);
  return calculateReadiness(inputOf(run), now);
}

/** A run of a composed checklist at one stage, and the moment it is assessed at. */
export interface ConformanceStage {
  name: string;
  snapshot: OnboardingRunSnapshot;
  now: Date;
}

/**
 * Representative runs for the hooks to judge, built with the real aggregate: fresh, half done, all
 * done, half done with overdue steps, and fresh past its go-live date (everything overdue).
 */
export function conformanceStages(steps: readonly StepDefinition[], organisation: string): ConformanceStage[] {
  const fresh = startRun(steps, organisation).snapshot();
  const half = settle(startRun(steps, organisation), Math.ceil(steps.length / 2)).snapshot();
  const done = settle(startRun(steps, organisation), steps.length).snapshot();
  return [
    { name: 'a fresh run', snapshot: fresh, now: START },
    { name: 'a run with half its steps done', snapshot: half, now: START },
    { name: 'a run with every step done', snapshot: done, now: START },
    { name: 'a half-done run with overdue steps', snapshot: half, now: new Date('2026-11-01T09:00:00Z') },
    { name: 'a fresh run past its go-live date', snapshot: fresh, now: new Date('2026-12-15T09:00:00Z') },
  ];
}

/**
 * Builds the plugin's template tree exactly as the server does (core, then every enabled plugin's
 * folder in order) and renders every template from its fixture in strict mode. Each problem names
 * the file.
 */
export function checkPluginTemplates(loaded: Pick<LoadedForTest, 'registry'>): string[] {
  return checkTemplates({
    coreDir: join(projectRoot(), 'templates'),
    pluginDirs: loaded.registry.plugins.flatMap((p) => (p.templatesDir ? [{ pluginId: p.id, dir: p.templatesDir }] : [])),
  }).problems;
}

/** Failures of one hook that failed the same way in several places become one line listing the places. */
function describeFailures(failures: { failure: HookFailure; where: string }[]): string[] {
  const lines = new Map<string, { head: string; tail: string; places: string[] }>();
  for (const { failure: f, where } of failures) {
    if (f.skipped) continue; // not called again after timing out: its first time-out is the problem
    const how = f.kind === 'invalid-result' ? 'returned an invalid result' : describeHookFailure(f);
    const tail = f.kind === 'timed-out' ? '' : `: ${f.detail}`;
    const key = `${f.hook}\u0000${how}\u0000${tail}`;
    const line = lines.get(key) ?? { head: `plugin "${f.plugin}": the ${f.hook} hook ${how}`, tail, places: [] };
    line.places.push(where);
    lines.set(key, line);
  }
  return [...lines.values()].map((l) => `${l.head} ${l.places.join('; ')}${l.tail}`);
}

/**
 * Runs every hook the plugin declares, through the host's hook runner (copies of the inputs, the
 * time limit, the result's shape checked), for each organisation type it applies to:
 * `appliesTo` on every step of the composed checklist (strictly: true or false), then
 * `adjustReadiness` and every compliance check's `evaluate` on each {@link conformanceStages} run,
 * with the contexts the host builds. Returns one line per failure.
 */
export async function checkPluginHooks(loaded: Pick<LoadedForTest, 'registry' | 'plugin' | 'catalogue'>): Promise<string[]> {
  const { registry, plugin } = loaded;
  const runner = registry.hooks;
  const failures: { failure: HookFailure; where: string }[] = [];
  for (const type of typesOf(plugin)) {
    const organisation: OrganisationFacts = { odsCode: 'TEST1', name: 'Conformance organisation', type };
    const who = `an organisation of type ${type}`;
    if (plugin.hooks.appliesTo) {
      const candidates = [
        ...loaded.catalogue.steps,
        ...registry.plugins.filter((p) => p.organisationTypes === '*' || p.organisationTypes.includes(type)).flatMap((p) => p.steps),
      ];
      const outcome = runner.appliesTo(plugin, candidates, organisation, { strict: true });
      if (!outcome.ok) {
        failures.push({ failure: outcome.failure, where: `for ${who}` });
        continue; // the checklist the other hooks would judge cannot be assembled
      }
    }
    if (!plugin.hooks.adjustReadiness && !plugin.hooks.complianceChecks?.length) continue;
    const composed = registry.compose(organisation);
    for (const stage of conformanceStages(composed.steps, organisation.odsCode)) {
      const today = stage.now.toISOString().slice(0, 10);
      const where = `on ${stage.name} of ${who}`;
      if (plugin.hooks.adjustReadiness) {
        const input = inputOf(OnboardingRun.restore(stage.snapshot, 0));
        const context = readinessHookContext(input, calculateReadiness(input, stage.now), organisation, today);
        const outcome = runner.adjustReadiness(plugin, context);
        if (!outcome.ok) failures.push({ failure: outcome.failure, where });
      }
      const context = complianceCheckContext(organisation, stage.snapshot, today);
      for (const check of plugin.hooks.complianceChecks ?? []) {
        const outcome = await runner.evaluate(plugin.id, check, { ...context, options: plugin.options });
        if (!outcome.ok) failures.push({ failure: outcome.failure, where });
      }
    }
  }
  return describeFailures(failures);
}

/** What readiness is computed from, as the host builds it. */
function inputOf(run: OnboardingRun): ReadinessInput {
  return { organisation: run.organisation, goLiveDate: run.goLiveDate, startedAt: run.startedAt, steps: run.stepFacts() };
}
