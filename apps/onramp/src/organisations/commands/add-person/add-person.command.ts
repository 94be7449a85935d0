import { Command } from '@nestjs/cqrs';
import type { CommandMeta, PersonRole } from '../../../shared/domain/roles';
import type { PersonView } from '../../organisation.view';

export class AddPerson extends Command<PersonView> {
  constructor(
    readonly organisation: string,
    readonly name: string,
    readonly email: string,
    readonly role: PersonRole,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
