import { Command } from '@nestjs/cqrs';
import type { CommandMeta, OrganisationAccessRole, PersonRole } from '../../../shared/domain/roles';
import type { PersonView } from '../../organisation.view';

export class AddPerson extends Command<PersonView> {
  constructor(
    readonly organisation: string,
    readonly name: string,
    readonly email: string,
    readonly role: PersonRole,
    readonly meta: CommandMeta,
    /** What they may do in Onramp; by default a lead role's own access, else contributor. */
    readonly accessRole: OrganisationAccessRole = defaultAccessRole(role),
  ) {
    super();
  }
}

/** Implementation and clinical leads act as such; every other role contributes to the steps it owns. */
export function defaultAccessRole(role: PersonRole): OrganisationAccessRole {
  return role === 'implementation-lead' || role === 'clinical-lead' ? role : 'contributor';
}
