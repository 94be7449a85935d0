import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import { organisationNotFound } from '../platform/database/unit-of-work';
import { OrganisationEntity } from '../organisations/persistence/organisation.entity';
import { verifyChain, type ChainVerification } from './domain/hash-chain';
import { AuditEventEntity } from './persistence/audit-event.entity';

/** Reads and verifies an organisation's trail; shared by the API and the CLI. */
@Injectable()
export class AuditReader {
  async verify(em: EntityManager, ods: string): Promise<ChainVerification> {
    const organisation = await em.findOne(OrganisationEntity, { odsCode: ods });
    if (!organisation) throw organisationNotFound(ods);
    const entries = await em.find(AuditEventEntity, { organisation: ods }, { orderBy: { seq: 'asc' } });
    return verifyChain(entries, { seq: organisation.auditSeq, hash: organisation.auditHead });
  }
}
