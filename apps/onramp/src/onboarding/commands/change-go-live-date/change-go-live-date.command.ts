import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../shared/domain/roles';
import type { OnboardingRun } from '../../domain/onboarding-run';

export class ChangeGoLiveDate extends Command<OnboardingRun> {
  constructor(
    readonly organisation: string,
    readonly goLiveDate: string,
    readonly reason: string | null,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
