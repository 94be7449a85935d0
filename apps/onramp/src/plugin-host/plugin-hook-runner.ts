import { performance } from 'node:perf_hooks';
import vm from 'node:vm';
import type { StepDefinition } from '../shared/domain/step-definition';
import {
  DEFAULT_HOOK_TIMEOUT_MS,
  type ComplianceCheckContext,
  type ComplianceResult,
  type OrganisationFacts,
  type ReadinessAdjustment,
  type ReadinessContext,
} from '../shared/plugin-sdk';

/** How a hook call went wrong. */
export type HookFailureKind = 'threw' | 'timed-out' | 'invalid-result';

/** One failed hook call: which plugin, which hook, how, and the details for the server log. */
export interface HookFailure {
  plugin: string;
  /** `appliesTo`, `adjustReadiness` or `complianceChecks.<check id>.evaluate`. */
  hook: string;
  kind: HookFailureKind;
  /** The plugin's own error message, or what was wrong with its result: for the log and the plugin's author, never for API responses. */
  detail: string;
  timeoutMs: number;
  /** What the call was about (organisation, check), for the log. */
  subject: Record<string, string>;
  /** Set when the hook was not called at all, because it is resting after time-outs. */
  skipped?: true;
}

export type HookOutcome<T> = { ok: true; value: T } | { ok: false; failure: HookFailure };

/** The plugin-side facts a hook call needs. */
export interface HookOwner {
  id: string;
  options: Record<string, unknown>;
  hooks: { appliesTo?: unknown; adjustReadiness?: unknown };
}

export interface HookRunnerOptions {
  /** The time limit of one hook call, sync part and promise together. */
  timeoutMs?: number;
  /** Called once per failed call, e.g. to log it (not for calls skipped after a time-out, see {@link PluginHookRunner}). */
  onFailure?: (failure: HookFailure) => void;
  /** After this many time-outs in a row, a hook is rested; default 3. */
  tripAfter?: number;
  /** How long a rested hook is not called; default one minute. */
  cooldownMs?: number;
}

interface HookCall<T> {
  plugin: string;
  hook: string;
  subject?: Record<string, string>;
  /** Host code that calls the plugin's function; runs on copies of `args`, under the time limit. */
  fn: (...args: never[]) => unknown;
  args: unknown[];
  /** Turns what the hook returned into the host's value, or throws {@link InvalidResult}. */
  accept: (value: unknown) => T;
}

/** Thrown by a contract's `accept`: the hook returned something it must not. */
class InvalidResult extends Error {}

/** Thrown by the appliesTo wrapper so the failure names the step the plugin failed on. */
class FailedOnStep extends Error {}

const TIMED_OUT = Symbol('timed out');
const restKey = (call: { plugin: string; hook: string }) => `${call.plugin}\u0000${call.hook}`;
const MAX_DETAIL = 500;

const isThenable = (v: unknown): v is PromiseLike<unknown> => typeof (v as { then?: unknown } | null)?.then === 'function';
/** A promise nobody will await any more must not reject unobserved and stop the process. */
const swallow = (p: PromiseLike<unknown>) => void Promise.resolve(p).catch(() => undefined);
const messageOf = (e: unknown): string =>
  (typeof (e as { message?: unknown } | null)?.message === 'string' ? (e as { message: string }).message : String(e)).split('\n')[0].slice(0, MAX_DETAIL);
const shown = (v: unknown): string => {
  if (v === undefined) return 'undefined';
  if (typeof v === 'function') return 'a function';
  try {
    return (JSON.stringify(v) ?? String(v)).slice(0, 80);
  } catch {
    return typeof v;
  }
};

/** What each hook must return, in the words of plugins/sdk/README.md. */
export const HOOK_RESULTS = {
  appliesTo: 'true or false',
  adjustReadiness: '[{ rag: "red" | "amber", reason: string }]',
  evaluate: '{ status: "met" | "not-met" | "unknown", evidence: string }',
} as const;

/** The words a person reads about a failed hook: how it failed, never the plugin's own message. */
export function describeHookFailure(f: Pick<HookFailure, 'kind' | 'timeoutMs' | 'hook'>): string {
  if (f.kind === 'timed-out') return `did not finish within the ${f.timeoutMs} ms time limit`;
  if (f.kind === 'threw') return 'threw an error';
  const expected = f.hook === 'appliesTo' ? HOOK_RESULTS.appliesTo : f.hook === 'adjustReadiness' ? HOOK_RESULTS.adjustReadiness : HOOK_RESULTS.evaluate;
  return `returned something other than ${expected}`;
}

/**
 * The one way the host calls plugin code. Every call gets copies of its inputs (a hook cannot change
 * host state), a time limit, and its result checked against the hook's contract; a failure comes
 * back as a {@link HookFailure} naming the plugin and the hook, never as an exception.
 *
 * The time limit of synchronous code is enforced by V8: the call runs from inside
 * `vm.Script#runInContext` with `timeout`, whose watchdog terminates whatever JavaScript runs on
 * the thread, including the plugin's own functions called from the script (an infinite loop, a
 * `try/finally` around one, a slow loop). A returned promise gets the rest of the time limit through
 * `Promise.race`; code a promise runs after the limit (or a synchronous loop inside a promise's
 * continuation) cannot be stopped, so only compliance checks, whose callers are asynchronous, may
 * return one. This is a guard against mistakes, not a sandbox: plugins are code the operator chose
 * to trust (the functions run in the host's realm, with its globals).
 *
 * A hook that times out several times in a row (any other outcome resets the count) is rested for a
 * cool-down period: its calls fail at once as timed out, so a hook that hangs on every organisation
 * costs a few time limits, not one per organisation of a portfolio report.
 */
export class PluginHookRunner {
  readonly timeoutMs: number;
  private readonly onFailure: (failure: HookFailure) => void;
  private readonly tripAfter: number;
  private readonly cooldownMs: number;
  /** Per plugin hook: time-outs in a row, and until when it rests. */
  private readonly timeouts = new Map<string, { inARow: number; restingUntil: number | null }>();
  // One context and one compiled script for every call: a fresh context costs ~0.7 ms, a reused one ~0.16 ms (the watchdog thread).
  private readonly context = vm.createContext({ call: undefined as (() => unknown) | undefined });
  private readonly script = new vm.Script('call()', { filename: 'onramp-plugin-hook' });

  constructor(options: HookRunnerOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS;
    this.onFailure = options.onFailure ?? (() => undefined);
    this.tripAfter = options.tripAfter ?? 3;
    this.cooldownMs = options.cooldownMs ?? 60_000;
  }

  /**
   * Asks a plugin's `appliesTo` about every step, in one call under one time limit. `false` leaves a
   * step out; anything else keeps it, unless `strict` (the conformance kit), which accepts only booleans.
   */
  appliesTo(plugin: HookOwner, steps: readonly StepDefinition[], organisation: OrganisationFacts, opts: { strict?: boolean } = {}): HookOutcome<boolean[]> {
    const applies = plugin.hooks.appliesTo as (step: StepDefinition, organisation: OrganisationFacts, options: Record<string, unknown>) => unknown;
    return this.runSync({
      plugin: plugin.id,
      hook: 'appliesTo',
      subject: { organisation: organisation.odsCode },
      args: [steps, organisation, plugin.options],
      fn: ((copies: StepDefinition[], org: OrganisationFacts, options: Record<string, unknown>) =>
        copies.map((step) => {
          try {
            return applies(step, org, options);
          } catch (e) {
            throw new FailedOnStep(`on step ${step.id}: ${messageOf(e)}`);
          }
        })) as HookCall<boolean[]>['fn'],
      accept: (answers) =>
        (answers as unknown[]).map((answer, i) => {
          if (isThenable(answer)) {
            swallow(answer);
            throw new InvalidResult(`returned a promise for step ${steps[i].id}; appliesTo must answer true or false synchronously`);
          }
          if (opts.strict && typeof answer !== 'boolean') throw new InvalidResult(`returned ${shown(answer)} for step ${steps[i].id}; expected true or false`);
          return answer !== false;
        }),
    });
  }

  /** Calls a plugin's `adjustReadiness`: nothing (undefined or null) means no reasons to add. */
  adjustReadiness(plugin: HookOwner, context: Omit<ReadinessContext, 'options'>): HookOutcome<ReadinessAdjustment[]> {
    return this.runSync({
      plugin: plugin.id,
      hook: 'adjustReadiness',
      subject: { organisation: context.organisation.odsCode },
      args: [{ ...context, options: plugin.options }],
      fn: plugin.hooks.adjustReadiness as HookCall<ReadinessAdjustment[]>['fn'],
      accept: (value) => {
        if (value === undefined || value === null) return [];
        const ok =
          Array.isArray(value) &&
          value.every(
            (a: Partial<ReadinessAdjustment> | null) =>
              a !== null && typeof a === 'object' && (a.rag === 'red' || a.rag === 'amber') && typeof a.reason === 'string',
          );
        if (!ok) throw new InvalidResult(`returned ${shown(value)}; expected ${HOOK_RESULTS.adjustReadiness}`);
        return (value as ReadinessAdjustment[]).map((a) => ({ rag: a.rag, reason: a.reason }));
      },
    });
  }

  /** Calls one compliance check's `evaluate`, which may return a promise. */
  evaluate(pluginId: string, check: { id: string; evaluate: unknown }, context: ComplianceCheckContext): Promise<HookOutcome<ComplianceResult>> {
    return this.run({
      plugin: pluginId,
      hook: `complianceChecks.${check.id}.evaluate`,
      subject: { organisation: context.organisation.odsCode, check: check.id },
      args: [context],
      fn: check.evaluate as HookCall<ComplianceResult>['fn'],
      accept: (value) => {
        const o = value as Partial<ComplianceResult> | null;
        if (!o || typeof o !== 'object' || !['met', 'not-met', 'unknown'].includes(o.status as string) || typeof o.evidence !== 'string')
          throw new InvalidResult(`returned ${shown(value)}; expected ${HOOK_RESULTS.evaluate}`);
        return { status: o.status as ComplianceResult['status'], evidence: o.evidence };
      },
    });
  }

  /** A hook that must answer synchronously: a returned promise is an invalid result. */
  runSync<T>(call: HookCall<T>): HookOutcome<T> {
    const started = this.start(call);
    if ('failure' in started) return started;
    if (isThenable(started.value)) {
      swallow(started.value);
      return this.fail(call, 'invalid-result', `returned a promise; ${call.hook} must return its result synchronously`);
    }
    return this.accept(call, started.value);
  }

  /** A hook that may answer with a promise, which gets what is left of the time limit. */
  async run<T>(call: HookCall<T>): Promise<HookOutcome<T>> {
    const begin = performance.now();
    const started = this.start(call);
    if ('failure' in started) return started;
    let value = started.value;
    if (isThenable(value)) {
      const pending = value;
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<typeof TIMED_OUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMED_OUT), Math.max(1, this.timeoutMs - (performance.now() - begin)));
      });
      try {
        value = await Promise.race([Promise.resolve(pending), limit]);
      } catch (e) {
        return this.fail(call, 'threw', messageOf(e));
      } finally {
        clearTimeout(timer);
      }
      if (value === TIMED_OUT) {
        swallow(pending);
        return this.fail(call, 'timed-out', `its promise did not settle within ${this.timeoutMs} ms`);
      }
    }
    return this.accept(call, value);
  }

  /** Runs the synchronous part under the watchdog. */
  private start<T>(call: HookCall<T>): { value: unknown } | { ok: false; failure: HookFailure } {
    const record = this.timeouts.get(restKey(call));
    if (record && record.restingUntil !== null) {
      if (Date.now() < record.restingUntil) {
        const failure: HookFailure = {
          plugin: call.plugin,
          hook: call.hook,
          kind: 'timed-out',
          detail: `not called: it timed out ${this.tripAfter} times in a row, and is called again from ${new Date(record.restingUntil).toISOString()}`,
          timeoutMs: this.timeoutMs,
          subject: call.subject ?? {},
          skipped: true,
        };
        return { ok: false, failure };
      }
      this.timeouts.delete(restKey(call));
    }
    const copies = call.args.map((a) => structuredClone(a));
    this.context.call = () => (call.fn as (...args: unknown[]) => unknown)(...copies);
    try {
      return { value: this.script.runInContext(this.context, { timeout: this.timeoutMs, breakOnSigint: false }) as unknown };
    } catch (e) {
      if ((e as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
        return this.fail(call, 'timed-out', `still running after ${this.timeoutMs} ms; stopped`);
      return this.fail(call, 'threw', messageOf(e));
    } finally {
      this.context.call = undefined;
    }
  }

  private accept<T>(call: HookCall<T>, value: unknown): HookOutcome<T> {
    this.timeouts.delete(restKey(call));
    try {
      return { ok: true, value: call.accept(value) };
    } catch (e) {
      if (e instanceof InvalidResult) return this.fail(call, 'invalid-result', e.message);
      throw e;
    }
  }

  private fail(call: HookCall<unknown>, kind: HookFailureKind, detail: string): { ok: false; failure: HookFailure } {
    if (kind === 'timed-out') {
      const inARow = (this.timeouts.get(restKey(call))?.inARow ?? 0) + 1;
      this.timeouts.set(restKey(call), inARow >= this.tripAfter ? { inARow: 0, restingUntil: Date.now() + this.cooldownMs } : { inARow, restingUntil: null });
    } else this.timeouts.delete(restKey(call));
    const failure: HookFailure = { plugin: call.plugin, hook: call.hook, kind, detail, timeoutMs: this.timeoutMs, subject: call.subject ?? {} };
    this.onFailure(failure);
    return { ok: false, failure };
  }
}
