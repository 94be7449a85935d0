import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganisationRepository } from '../../../organisations';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { DomainError } from '../../../shared/domain/domain-error';
import { AccessTokenRevoked } from '../../domain/token.events';
import { ApiTokenEntity } from '../../persistence/api-token.entity';
import { RevokeToken } from './revoke-token.command';

@CommandHandler(RevokeToken)
export class RevokeTokenHandler implements ICommandHandler<RevokeToken> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(c: RevokeToken) {
    return this.uow.run(c.meta, async (tx) => {
      const found = await tx.em.findOne(ApiTokenEntity, { id: c.tokenId }, { fields: ['organisation', 'userId'] });
      // A person revoking their own token: someone else's does not exist for them.
      if (!found || (c.ownedBy !== undefined && found.userId !== c.ownedBy))
        throw new DomainError('TOKEN.NOT_FOUND', 'not-found', `no token ${c.tokenId}`, { field: 'id' });
      if (found.organisation) await this.organisations.lock(tx, found.organisation);
      const token = await tx.em.findOneOrFail(ApiTokenEntity, { id: c.tokenId }, { refresh: true });
      if (!token.revokedAt) {
        token.revokedAt = this.clock.now();
        tx.record(token.organisation, [new AccessTokenRevoked(token.id, token.organisation, token.role, token.label, token.revokedAt.toISOString())]);
      }
      return { id: token.id, revokedAt: token.revokedAt.toISOString() };
    });
  }
}
