import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditTrail } from '../../../audit/audit-trail';
import { parseOdsCode } from '../../../organisations/domain/ods-code';
import { OrganisationEntity } from '../../../organisations/persistence/organisation.entity';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DomainError } from '../../../shared/domain/domain-error';
import { GLOBAL_ACCESS_ROLES } from '../../../shared/domain/roles';
import { TokenService } from '../../token.service';
import { CreateToken, type CreatedToken } from './create-token.command';

@CommandHandler(CreateToken)
export class CreateTokenHandler implements ICommandHandler<CreateToken> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tokens: TokenService,
    private readonly audit: AuditTrail,
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
    if (c.organisation === null) {
      return this.uow.run(async (em) => this.created(this.tokens.issue(em, { organisation: null, role: c.role, label, createdBy: c.meta.actor.id })));
    }
    const ods = parseOdsCode(c.organisation, 'organisation');
    return this.uow.run(async (em) => {
      const organisation = await em.findOne(OrganisationEntity, { odsCode: ods });
      if (!organisation)
        throw new DomainError('TOKEN.UNKNOWN_ORGANISATION', 'unprocessable', `organisation ${ods} is not registered`, { field: 'organisation' });
      const issued = this.tokens.issue(em, { organisation: ods, role: c.role, label, createdBy: c.meta.actor.id });
      // The audit trail records who was given access, never the token.
      this.audit.append(
        em,
        organisation,
        [{ type: 'AccessTokenIssued', occurredAt: issued.row.createdAt.toISOString(), payload: { tokenId: issued.row.id, role: c.role, label } }],
        c.meta,
      );
      return this.created(issued);
    });
  }

  private created({ token, row }: ReturnType<TokenService['issue']>): CreatedToken {
    return { id: row.id, token, organisation: row.organisation, role: row.role, label: row.label };
  }
}
