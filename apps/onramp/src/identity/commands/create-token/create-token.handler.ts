import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganisationRepository, parseOdsCode } from '../../../organisations';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DomainError } from '../../../shared/domain/domain-error';
import { GLOBAL_ACCESS_ROLES } from '../../../shared/domain/roles';
import { AccessTokenIssued } from '../../domain/token.events';
import { TokenService } from '../../token.service';
import { CreateToken, type CreatedToken } from './create-token.command';

@CommandHandler(CreateToken)
export class CreateTokenHandler implements ICommandHandler<CreateToken> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
    private readonly tokens: TokenService,
  ) {}

  async execute(c: CreateToken): Promise<CreatedToken> {
    const global = (GLOBAL_ACCESS_ROLES as readonly string[]).includes(c.role);
    if (global && c.organisation !== null)
      throw new DomainError('TOKEN.ORGANISATION_NOT_ALLOWED', 'invalid', `a ${c.role} token sees every organisation: omit organisation`, {
        field: 'organisation',
      });
    if (!global && c.organisation === null)
      throw new DomainError('TOKEN.ORGANISATION_REQUIRED', 'invalid', `a ${c.role} token must be bound to an organisation`, { field: 'organisation' });
    const label = c.label.trim();
    const ods = c.organisation === null ? null : parseOdsCode(c.organisation, 'organisation');
    return this.uow.run(c.meta, async (tx) => {
      if (ods !== null) {
        // The same lock as every other write to the organisation: the audit chain is appended to in order.
        await this.organisations.lock(tx, ods).catch(() => {
          throw new DomainError('TOKEN.UNKNOWN_ORGANISATION', 'unprocessable', `organisation ${ods} is not registered`, { field: 'organisation' });
        });
      }
      const { token, row } = this.tokens.issue(tx.em, { organisation: ods, role: c.role, label, createdBy: c.meta.actor.id, userId: c.userId });
      // The audit trail records who was given access, never the token.
      tx.record(ods, [new AccessTokenIssued(row.id, ods, c.role, label, row.createdAt.toISOString())]);
      return { id: row.id, token, organisation: row.organisation, role: row.role, label: row.label };
    });
  }
}
