import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { OnboardingRun } from '../onboarding';
import type { OrganisationEntity } from '../organisations';
import { LOGGER } from '../platform/logging/logger';
import type { PluginRegistry } from '../plugin-host/plugin-registry';
import { PLUGIN_REGISTRY } from '../plugin-host/plugin-registry.token';
import { CLOCK, type Clock } from '../shared/domain/clock';
import type { ReadinessAdjustment, ReadinessContext } from '../shared/plugin-sdk';
import { isOverdue } from '../shared/domain/step-status';
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
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  assess(run: OnboardingRun, organisation: Pick<OrganisationEntity, 'odsCode' | 'name' | 'type'>): Readiness {
    const input = readinessInputOf(run);
    const readiness = calculateReadiness(input, this.clock.now());
    const today = this.clock.now().toISOString().slice(0, 10);
    const context: Omit<ReadinessContext, 'options'> = {
      organisation: { odsCode: organisation.odsCode, name: organisation.name, type: organisation.type },
      readiness: {
        score: readiness.score,
        gate: readiness.gate,
        steps: input.steps.map((s) => ({ id: s.id, status: s.status, dueDate: s.dueDate, overdue: isOverdue(s.status, s.dueDate, today) })),
      },
    };
    const reasons = [...readiness.rag.reasons];
    for (const pin of run.plugins) {
      const plugin = this.plugins.get(pin.id);
      const hook = plugin?.hooks.adjustReadiness as ((c: ReadinessContext) => ReadinessAdjustment[] | undefined) | undefined;
      if (!plugin || !hook) continue;
      let adjustments: ReadinessAdjustment[];
      try {
        adjustments = hook({ ...structuredClone(context), options: plugin.options }) ?? [];
        if (!Array.isArray(adjustments) || adjustments.some((a) => (a?.rag !== 'red' && a?.rag !== 'amber') || typeof a.reason !== 'string'))
          throw new Error('must return [{ rag: "red" | "amber", reason }]');
      } catch (e) {
        this.logger.warn({ plugin: plugin.id, err: (e as Error).message }, 'plugin readiness hook failed');
        adjustments = [{ rag: 'amber', reason: `readiness check of plugin ${plugin.id} failed; see the server log` }];
      }
      reasons.push(...adjustments.map((a) => `${a.rag}: [${plugin.id}] ${a.reason.slice(0, 500)}`));
    }
    const status = reasons.some((r) => r.startsWith('red:')) ? 'red' : reasons.length ? 'amber' : 'green';
    return { ...readiness, rag: { status, reasons } };
  }
}

/** The facts of a run that readiness is computed from. */
export function readinessInputOf(run: OnboardingRun): ReadinessInput {
  return { organisation: run.organisation, goLiveDate: run.goLiveDate, startedAt: run.startedAt, steps: run.stepFacts() };
}
