import type { CommandMeta } from '../../../shared/domain/roles';
import { StepCommand } from '../step.command';

export class AssignStep extends StepCommand {
  constructor(
    organisation: string,
    stepId: string,
    readonly personId: string,
    meta: CommandMeta,
  ) {
    super(organisation, stepId, meta);
  }
}
