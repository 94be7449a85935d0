import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../shared/domain/roles';
import type { OrganisationType } from '../../domain/ods-code';
import type { OrganisationView } from '../../organisation.view';

export class RegisterOrganisation extends Command<OrganisationView> {
  constructor(
    readonly odsCode: string,
    readonly name: string,
    readonly type: OrganisationType,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
