import { Command } from '@nestjs/cqrs';
import type { AccessRole, CommandMeta } from '../../../shared/domain/roles';

export interface CreatedToken {
  id: string;
  token: string;
  organisation: string | null;
  role: AccessRole;
  label: string;
}

export class CreateToken extends Command<CreatedToken> {
  constructor(
    readonly organisation: string | null,
    readonly role: AccessRole,
    readonly label: string,
    readonly meta: CommandMeta,
    /** A personal access token acts as this person; null for an integration's token. */
    readonly userId: string | null = null,
  ) {
    super();
  }
}
