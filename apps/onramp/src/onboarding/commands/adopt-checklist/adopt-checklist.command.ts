import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../shared/domain/roles';
import type { ChecklistDiff } from '../../domain/checklist-diff';
import type { OnboardingRun } from '../../domain/onboarding-run';

/** Adopt the current catalogue and plugin versions into a running checklist, explicitly. */
export class AdoptChecklist extends Command<{ run: OnboardingRun; diff: ChecklistDiff }> {
  constructor(
    readonly organisation: string,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
