import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../shared/domain/roles';

export class RevokeToken extends Command<{ id: string; revokedAt: string }> {
  constructor(
    readonly tokenId: string,
    readonly meta: CommandMeta,
    /** Set when a person revokes one of their own personal access tokens. */
    readonly ownedBy?: string,
  ) {
    super();
  }
}
