import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { OrganisationRepository } from '../../../organisations';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { AuditVerifier } from '../../verification/audit-verifier';
import { VerifyAudit } from './verify-audit.query';

@QueryHandler(VerifyAudit)
export class VerifyAuditHandler implements IQueryHandler<VerifyAudit> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
    private readonly verifier: AuditVerifier,
  ) {}

  async execute(q: VerifyAudit) {
    const em = this.uow.reader();
    await this.organisations.get(em, q.ods);
    return this.verifier.verifyChain(em, q.ods);
  }
}
