import { addDays } from '../../shared/domain/clock';
import type { OrganisationFacts, ReadinessContext } from '../../shared/plugin-sdk';
import { isOverdue, type OnboardingRunSnapshot } from './onboarding-run';
import type { Readiness } from './readiness.calculator';

/**
 * What a plugin's `adjustReadiness` hook sees of a run (its options are added by the caller): the
 * host builds it here, and the conformance kit builds its test inputs with the same function.
 */
export function readinessHookContext(
  snapshot: OnboardingRunSnapshot,
  readiness: Readiness,
  organisation: OrganisationFacts,
  today: string,
): Omit<ReadinessContext, 'options'> {
  return {
    organisation: { odsCode: organisation.odsCode, name: organisation.name, type: organisation.type },
    readiness: {
      score: readiness.score,
      gate: readiness.gate,
      steps: snapshot.definitions.map((d) => {
        const status = snapshot.steps[d.id].status;
        const dueDate = addDays(snapshot.goLiveDate, d.dueOffsetDays);
        return { id: d.id, status, dueDate, overdue: isOverdue(status, dueDate, today) };
      }),
    },
  };
}
