import { Command } from '@nestjs/cqrs';
import type { CommandMeta, OrganisationAccessRole } from '../../../shared/domain/roles';
import type { PersonView } from '../../organisation.view';

/** What may change about a person's role: their name, and what they may do in Onramp. Not the email: another email is another person. */
export interface PersonChanges {
  name?: string;
  accessRole?: OrganisationAccessRole;
}

export class ChangePerson extends Command<PersonView> {
  constructor(
    readonly organisation: string,
    readonly personId: string,
    readonly changes: PersonChanges,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
