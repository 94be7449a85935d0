import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/domain/canonical-json';

export { canonicalJson };

/** The fields of an audit entry that its hash covers. */
export interface AuditFields {
  organisation: string;
  seq: number;
  type: string;
  /** Canonical JSON of the event payload, stored exactly as hashed. */
  payload: string;
  actorId: string;
  actorRole: string;
  occurredAt: string;
  correlationId: string;
  prevHash: string;
  /**
   * 1 for entries written before events carried an envelope; 2 adds the event id, the causation id
   * and the actor's name to what the hash covers.
   */
  hashVersion?: number;
  eventId?: string | null;
  causationId?: string | null;
  actorLabel?: string | null;
}

export interface ChainedEntry extends AuditFields {
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export function hashEntry(fields: AuditFields): string {
  const ordered = [
    fields.organisation,
    String(fields.seq),
    fields.type,
    fields.payload,
    fields.actorId,
    fields.actorRole,
    fields.occurredAt,
    fields.correlationId,
    fields.prevHash,
  ];
  if ((fields.hashVersion ?? 1) >= 2) ordered.push('v2', fields.eventId ?? '', fields.causationId ?? '', fields.actorLabel ?? '');
  return createHash('sha256').update(JSON.stringify(ordered)).digest('hex');
}

export interface ChainVerification {
  valid: boolean;
  checked: number;
  /** Sequence number of the first entry that does not fit the chain, or null. */
  firstBrokenAt: number | null;
  reason: string | null;
}

/**
 * Re-computes the chain of one organisation. An edited row changes its hash; a deleted row leaves
 * a gap in the sequence; a deleted tail no longer matches the head recorded on the organisation.
 */
export function verifyChain(entries: readonly ChainedEntry[], head: { seq: number; hash: string }): ChainVerification {
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (const [index, entry] of entries.entries()) {
    const expectedSeq = index + 1;
    const broken = (reason: string): ChainVerification => ({ valid: false, checked, firstBrokenAt: expectedSeq, reason });
    if (entry.seq !== expectedSeq) return broken(`entry ${expectedSeq} is missing (found ${entry.seq} in its place)`);
    if (entry.prevHash !== prevHash) return broken(`entry ${expectedSeq} does not link to entry ${expectedSeq - 1}`);
    if (hashEntry(entry) !== entry.hash) return broken(`entry ${expectedSeq} was altered after it was written`);
    prevHash = entry.hash;
    checked++;
  }
  if (head.seq > entries.length) {
    return {
      valid: false,
      checked,
      firstBrokenAt: entries.length + 1,
      reason: `the trail ends at entry ${entries.length} but ${head.seq} were written: newest entries were deleted`,
    };
  }
  if (head.seq < entries.length) {
    return { valid: false, checked, firstBrokenAt: head.seq + 1, reason: `entries after ${head.seq} were not written by Onramp` };
  }
  if (head.seq > 0 && head.hash !== prevHash) {
    return {
      valid: false,
      checked,
      firstBrokenAt: entries.length,
      reason: 'the trail no longer ends at its recorded head: entries were rewritten and re-hashed',
    };
  }
  return { valid: true, checked, firstBrokenAt: null, reason: null };
}
