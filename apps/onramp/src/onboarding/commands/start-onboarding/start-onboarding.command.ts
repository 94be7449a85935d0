import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../shared/domain/roles';
import type { OnboardingRun } from '../../domain/onboarding-run';

export class StartOnboarding extends Command<OnboardingRun> {
  constructor(
    readonly organisation: string,
    readonly goLiveDate: string,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
