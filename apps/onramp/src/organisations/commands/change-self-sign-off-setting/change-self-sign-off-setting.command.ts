import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../shared/domain/roles';
import type { OrganisationView } from '../../organisation.view';

/** Four eyes on or off: whether a person may sign off a step they completed themselves. */
export class ChangeSelfSignOffSetting extends Command<OrganisationView> {
  constructor(
    readonly organisation: string,
    readonly allowed: boolean,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
