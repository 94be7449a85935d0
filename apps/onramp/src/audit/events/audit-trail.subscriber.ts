import { Injectable } from '@nestjs/common';
import { LockMode, type RequiredEntityData } from '@mikro-orm/core';
import type { Transaction } from '../../platform/database/transaction';
import type { EventMessage } from '../../platform/events/event-message';
import { eventPayload } from '../../platform/events/event-payload';
import { SUBSCRIBER_ORDER, TransactionalSubscriber, type EventSubscriber } from '../../platform/events/transactional-subscriber';
import { canonicalJson } from '../../shared/domain/canonical-json';
import { GENESIS_HASH, hashEntry } from '../domain/hash-chain';
import { AuditEventEntity } from '../persistence/audit-event.entity';
import { AuditHeadEntity } from '../persistence/audit-head.entity';
import { AuditSeal } from '../audit-seal';

/** The chain of events that belong to no organisation (national-team tokens, for example). */
export const GLOBAL_CHAIN = '*';

/**
 * Appends every event to its organisation's hash chain inside the command's transaction: the
 * trail and the change commit together. The chain's head row is locked first, so concurrent
 * writers of one chain queue up instead of colliding on the sequence number.
 */
@Injectable()
@TransactionalSubscriber({ order: SUBSCRIBER_ORDER.audit, name: 'audit-trail' })
export class AuditTrailSubscriber implements EventSubscriber {
  constructor(private readonly seal: AuditSeal) {}

  async handle(tx: Transaction, messages: readonly EventMessage[]): Promise<void> {
    const byChain = new Map<string, EventMessage[]>();
    for (const m of messages) {
      const chain = m.envelope.organisation ?? GLOBAL_CHAIN;
      byChain.set(chain, [...(byChain.get(chain) ?? []), m]);
    }
    for (const [chain, list] of byChain) await this.append(tx, chain, list);
  }

  private async append(tx: Transaction, chain: string, messages: EventMessage[]) {
    const em = tx.em;
    const found = await em.findOne(
      AuditHeadEntity,
      { chain },
      { disableIdentityMap: true, ...(tx.dialect === 'postgresql' ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {}) },
    );
    // The first event of a chain (an organisation being registered) creates its head.
    if (!found) await em.insert(AuditHeadEntity, { chain, seq: 0, head: GENESIS_HASH });
    let seq = found?.seq ?? 0;
    let prevHash = found?.head ?? GENESIS_HASH;
    const rows: RequiredEntityData<AuditEventEntity>[] = [];
    for (const { envelope, event } of messages) {
      seq++;
      const fields = {
        organisation: chain,
        seq,
        type: event.type,
        payload: canonicalJson(eventPayload(event)),
        actorId: envelope.actor.id,
        actorRole: envelope.actor.role,
        actorLabel: envelope.actor.label,
        occurredAt: envelope.occurredAt,
        correlationId: envelope.correlationId,
        eventId: envelope.eventId,
        causationId: envelope.causationId,
        hashVersion: 2,
        prevHash,
      };
      const hash = hashEntry(fields);
      rows.push({ ...fields, hash, mac: this.seal.mac(hash) });
      prevHash = hash;
    }
    await em.insertMany(AuditEventEntity, rows);
    await em.nativeUpdate(AuditHeadEntity, { chain }, { seq, head: prevHash });
  }
}
