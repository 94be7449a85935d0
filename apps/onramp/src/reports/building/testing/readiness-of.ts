import { OnboardingRun, type OnboardingRunSnapshot } from '../../../onboarding';
import { calculateReadiness, type Readiness } from '../../../readiness';

/** Readiness of a test run snapshot, by the real rules. */
export function readinessOf(snapshot: OnboardingRunSnapshot, now: Date): Readiness {
  const run = OnboardingRun.restore(snapshot, 0);
  return calculateReadiness({ organisation: run.organisation, goLiveDate: run.goLiveDate, startedAt: run.startedAt, steps: run.stepFacts() }, now);
}
