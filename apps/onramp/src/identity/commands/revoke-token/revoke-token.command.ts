import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../shared/domain/roles';

export class RevokeToken extends Command<{ id: string; revokedAt: string }> {
  constructor(
    readonly tokenId: string,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
