import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import type { OrganisationEntity } from '../organisations/persistence/organisation.entity';
import type { CommandMeta } from '../shared/domain/roles';
import { canonicalJson, GENESIS_HASH, hashEntry } from './domain/hash-chain';
import { AuditEventEntity } from './persistence/audit-event.entity';

export interface AuditableEvent {
  type: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

/**
 * Appends events to an organisation's hash-chained trail inside the caller's transaction, so the
 * trail and the state change commit together. The organisation row must be locked by the caller
 * ({@link UnitOfWork.forOrganisation}); the unique (organisation, seq) index catches any race left.
 */
@Injectable()
export class AuditTrail {
  append(em: EntityManager, organisation: OrganisationEntity, events: AuditableEvent[], meta: Pick<CommandMeta, 'actor' | 'correlationId'>) {
    for (const event of events) {
      const fields = {
        organisation: organisation.odsCode,
        seq: organisation.auditSeq + 1,
        type: event.type,
        payload: canonicalJson(event.payload),
        actorId: meta.actor.id,
        actorRole: meta.actor.role,
        occurredAt: event.occurredAt,
        correlationId: meta.correlationId,
        prevHash: organisation.auditHead || GENESIS_HASH,
      };
      const hash = hashEntry(fields);
      em.persist(em.create(AuditEventEntity, { ...fields, hash }));
      organisation.auditSeq = fields.seq;
      organisation.auditHead = hash;
    }
  }
}
