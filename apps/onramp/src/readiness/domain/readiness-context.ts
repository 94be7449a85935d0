import { isOverdue } from '../../shared/domain/step-status';
import type { OrganisationFacts, ReadinessContext } from '../../shared/plugin-sdk';
import type { Readiness, ReadinessInput } from './readiness.calculator';

/**
 * What a plugin's `adjustReadiness` hook sees of a run (its options are added by the caller): the
 * host builds it here, and the conformance kit builds its test inputs with the same function.
 */
export function readinessHookContext(
  input: ReadinessInput,
  readiness: Readiness,
  organisation: OrganisationFacts,
  today: string,
): Omit<ReadinessContext, 'options'> {
  return {
    organisation: { odsCode: organisation.odsCode, name: organisation.name, type: organisation.type },
    readiness: {
      score: readiness.score,
      gate: readiness.gate,
      steps: input.steps.map((s) => ({ id: s.id, status: s.status, dueDate: s.dueDate, overdue: isOverdue(s.status, s.dueDate, today) })),
    },
  };
}
