import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import { OrganisationRepository } from '../organisations';
import { GENESIS_HASH, verifyChain, type ChainVerification } from './domain/hash-chain';
import { AuditEventEntity } from './persistence/audit-event.entity';
import { AuditHeadEntity } from './persistence/audit-head.entity';

/** Reads and verifies an organisation's trail; shared by the API and the CLI. */
@Injectable()
export class AuditReader {
  constructor(private readonly organisations: OrganisationRepository) {}

  async verify(em: EntityManager, ods: string): Promise<ChainVerification> {
    await this.organisations.get(em, ods);
    return this.verifyChain(em, ods);
  }

  /** Verifies one chain (an organisation's, or the global `*` chain). */
  async verifyChain(em: EntityManager, chain: string): Promise<ChainVerification> {
    const entries = await em.find(AuditEventEntity, { organisation: chain }, { orderBy: { seq: 'asc' }, disableIdentityMap: true });
    const head = await em.findOne(AuditHeadEntity, { chain }, { disableIdentityMap: true });
    return verifyChain(entries, { seq: head?.seq ?? 0, hash: head?.head ?? GENESIS_HASH });
  }
}
