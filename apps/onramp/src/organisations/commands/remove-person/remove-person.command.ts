import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../shared/domain/roles';
import type { PersonView } from '../../organisation.view';

/** The person stops holding the role; their row stays (removedAt set) so history still names them. */
export class RemovePerson extends Command<PersonView> {
  constructor(
    readonly organisation: string,
    readonly personId: string,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
