import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../shared/domain/roles';
import type { OnboardingRun } from '../domain/onboarding-run';

/** A command about one step of one organisation's run; each use case adds its own fields. */
export abstract class StepCommand extends Command<OnboardingRun> {
  constructor(
    readonly organisation: string,
    readonly stepId: string,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
