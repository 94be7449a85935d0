import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AccessTokenIssued, AccessTokenRevoked, ApiTokenEntity } from '../../identity';
import { sqlEm } from '../../platform/database/sql-entity-manager';
import { UnitOfWork } from '../../platform/database/unit-of-work';
import { LOGGER } from '../../platform/logging/logger';
import { systemMeta } from '../../shared/domain/roles';
import { AuditSeal } from '../audit-seal';
import { GENESIS_HASH, verifyChain } from '../domain/hash-chain';
import { AuditEventEntity } from '../persistence/audit-event.entity';
import { AuditHeadEntity } from '../persistence/audit-head.entity';
import { GLOBAL_CHAIN } from '../events/audit-trail.subscriber';

/**
 * Brings a trail written before entries were sealed under the signing key: each chain whose
 * entries still verify against their recorded head has its unsealed entries sealed, and tokens
 * of no organisation (which were not audited then) are recorded on the global chain. This
 * trusts the database as it is at the first start with a key (trust on first use); from then
 * on nothing can be added, changed or removed unnoticed. A chain that does not verify is left
 * unsealed, so verification keeps reporting it.
 */
@Injectable()
export class LegacyTrailAdoption {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly seal: AuditSeal,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async adopt(): Promise<{ sealedChains: number; sealedEntries: number; refused: string[]; adoptedTokens: number }> {
    const em = this.uow.reader();
    // Answered by the partial index over unsealed entries (normally none), not a scan of the trail.
    const chains = (
      await sqlEm(em).getConnection().execute<{ organisation: string }[]>('select distinct organisation from audit_events where mac is null')
    ).map((e) => e.organisation);
    const refused: string[] = [];
    let sealedEntries = 0;
    let sealedChains = 0;
    for (const chain of chains.sort()) {
      const entries = await em.find(AuditEventEntity, { organisation: chain }, { orderBy: { seq: 'asc' }, disableIdentityMap: true });
      const head = await em.findOne(AuditHeadEntity, { chain }, { disableIdentityMap: true });
      const check = verifyChain(entries, { seq: head?.seq ?? 0, hash: head?.head ?? GENESIS_HASH });
      if (!check.valid) {
        refused.push(chain);
        this.logger.warn({ chain, reason: check.reason }, 'audit chain written before sealing does not verify: left unsealed, audit verify reports it');
        continue;
      }
      await this.uow.reader().transactional(async (tx) => {
        for (const e of entries.filter((x) => x.mac === null)) await tx.nativeUpdate(AuditEventEntity, { id: e.id, mac: null }, { mac: this.seal.mac(e.hash) });
      });
      sealedEntries += entries.filter((x) => x.mac === null).length;
      sealedChains++;
    }
    const adoptedTokens = await this.adoptGlobalTokens();
    if (sealedChains || adoptedTokens) this.logger.info({ sealedChains, sealedEntries, adoptedTokens }, 'audit trail written before sealing adopted');
    return { sealedChains, sealedEntries, refused, adoptedTokens };
  }

  /** National-team tokens issued before the global chain existed get their issue recorded there. */
  private async adoptGlobalTokens(): Promise<number> {
    const em = this.uow.reader();
    const tokens = await em.find(ApiTokenEntity, { organisation: null }, { disableIdentityMap: true, orderBy: { createdAt: 'asc' } });
    if (tokens.length === 0) return 0;
    const issued = new Set(
      (await em.find(AuditEventEntity, { organisation: GLOBAL_CHAIN, type: 'AccessTokenIssued' }, { fields: ['payload'], disableIdentityMap: true })).map(
        (e) => (JSON.parse(e.payload) as { tokenId: string }).tokenId,
      ),
    );
    const missing = tokens.filter((t) => !issued.has(t.id));
    if (missing.length === 0) return 0;
    await this.uow.run(systemMeta('audit-adoption', 'audit-adoption'), async (tx) => {
      tx.record(
        null,
        missing.flatMap((t) => [
          new AccessTokenIssued(t.id, null, t.role, t.label, t.createdAt.toISOString()),
          ...(t.revokedAt ? [new AccessTokenRevoked(t.id, null, t.role, t.label, t.revokedAt.toISOString())] : []),
        ]),
      );
    });
    return missing.length;
  }
}
