import { Injectable } from '@nestjs/common';
import type { Transaction } from '../../platform/database/transaction';
import type { EventMessage } from '../../platform/events/event-message';
import { eventPayload } from '../../platform/events/event-payload';
import { SUBSCRIBER_ORDER, TransactionalSubscriber, type EventSubscriber } from '../../platform/events/transactional-subscriber';
import { canonicalJson } from '../../shared/domain/canonical-json';
import { GENESIS_HASH, hashEntry } from '../domain/hash-chain';
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
    const sql = tx.sql;
    const found = await sql.one<{ seq: number; head: string }>(`select seq, head from audit_heads where chain = ?${sql.forUpdate}`, [chain]);
    // The first event of a chain (an organisation being registered) creates its head.
    if (!found) await sql.execute('insert into audit_heads (chain, seq, head) values (?, 0, ?)', [chain, GENESIS_HASH]);
    let seq = Number(found?.seq ?? 0);
    let prevHash = found?.head ?? GENESIS_HASH;
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
      await sql.execute(
        'insert into audit_events (organisation, seq, type, payload, actor_id, actor_role, actor_label, occurred_at, correlation_id, event_id, causation_id, hash_version, prev_hash, hash, mac) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [
          chain,
          seq,
          fields.type,
          fields.payload,
          fields.actorId,
          fields.actorRole,
          fields.actorLabel,
          fields.occurredAt,
          fields.correlationId,
          fields.eventId,
          fields.causationId,
          fields.hashVersion,
          prevHash,
          hash,
          this.seal.mac(hash),
        ],
      );
      prevHash = hash;
    }
    await sql.execute('update audit_heads set seq = ?, head = ? where chain = ?', [seq, prevHash, chain]);
  }
}
