import { Inject, Injectable } from '@nestjs/common';
import type { OnboardingRun } from '../onboarding';
import type { OrganisationEntity } from '../organisations';
import { describeHookFailure } from '../plugin-host';
import type { PluginRegistry } from '../plugin-host';
import { PLUGIN_REGISTRY } from '../plugin-host';
import { CLOCK, type Clock } from '../shared/domain/clock';
import type { ReadinessAdjustment } from '../shared/plugin-sdk';
import { readinessHookContext } from './domain/readiness-context';
import { calculateReadiness, type Readiness, type ReadinessInput } from './domain/readiness.calculator';

/**
 * Readiness by the core rules, then any RAG reasons the run's plugins add through their
 * `adjustReadiness` hook. A plugin can make readiness worse, never better.
 */
@Injectable()
export class ReadinessService {
  constructor(
    @Inject(PLUGIN_REGISTRY) private readonly plugins: PluginRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  assess(run: OnboardingRun, organisation: Pick<OrganisationEntity, 'odsCode' | 'name' | 'type'>): Readiness {
    const input = readinessInputOf(run);
    const readiness = calculateReadiness(input, this.clock.now());
    const today = this.clock.now().toISOString().slice(0, 10);
    const reasons = [...readiness.rag.reasons];
    const withHooks = run.plugins.map((pin) => this.plugins.get(pin.id)).filter((p) => p?.hooks.adjustReadiness);
    if (withHooks.length === 0) return readiness;
    const context = readinessHookContext(input, readiness, organisation, today);
    for (const plugin of withHooks) {
      // Through the hook runner: a copy of the context, a time limit, the result checked. A failure
      // (logged by the runner) becomes an amber reason, so a broken plugin never hides a problem.
      const outcome = this.plugins.hooks.adjustReadiness(plugin!, context);
      const adjustments: ReadinessAdjustment[] = outcome.ok
        ? outcome.value
        : [
            {
              rag: 'amber',
              reason: `readiness check failed: the adjustReadiness hook of plugin ${plugin!.id} ${describeHookFailure(outcome.failure)}; see the server log`,
            },
          ];
      reasons.push(...adjustments.map((a) => `${a.rag}: [${plugin!.id}] ${a.reason.slice(0, 500)}`));
    }
    const status = reasons.some((r) => r.startsWith('red:')) ? 'red' : reasons.length ? 'amber' : 'green';
    return { ...readiness, rag: { status, reasons } };
  }
}

/** The facts of a run that readiness is computed from. */
export function readinessInputOf(run: OnboardingRun): ReadinessInput {
  return { organisation: run.organisation, goLiveDate: run.goLiveDate, startedAt: run.startedAt, steps: run.stepFacts() };
}
