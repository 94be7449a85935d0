import type { CommandMeta } from '../../../shared/domain/roles';
import { StepCommand } from '../step.command';

export class CompleteStep extends StepCommand {
  constructor(
    organisation: string,
    stepId: string,
    readonly evidence: { key: string; reference: string }[],
    readonly note: string | null,
    meta: CommandMeta,
  ) {
    super(organisation, stepId, meta);
  }
}
