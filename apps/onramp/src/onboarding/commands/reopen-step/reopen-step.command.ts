import type { CommandMeta } from '../../../shared/domain/roles';
import { StepCommand } from '../step.command';

export class ReopenStep extends StepCommand {
  constructor(
    organisation: string,
    stepId: string,
    readonly reason: string,
    meta: CommandMeta,
  ) {
    super(organisation, stepId, meta);
  }
}
