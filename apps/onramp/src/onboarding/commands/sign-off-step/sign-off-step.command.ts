import type { CommandMeta } from '../../../shared/domain/roles';
import { StepCommand } from '../step.command';

export class SignOffStep extends StepCommand {
  constructor(
    organisation: string,
    stepId: string,
    readonly note: string | null,
    meta: CommandMeta,
  ) {
    super(organisation, stepId, meta);
  }
}
