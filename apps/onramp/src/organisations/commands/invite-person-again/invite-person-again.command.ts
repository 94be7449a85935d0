import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../shared/domain/roles';

export interface Invitation {
  personId: string;
  email: string;
  invitedAt: string;
}

/** Sends the welcome again, with a new link to set a password (or to sign in, for a person who has one). */
export class InvitePersonAgain extends Command<Invitation> {
  constructor(
    readonly organisation: string,
    readonly personId: string,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
