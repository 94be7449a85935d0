import { canAuthenticateEntries, type AuditKeys, type Checkpoint, type CheckpointVerifier } from './audit-signing';
import { GENESIS_HASH, hashEntry, type ChainedEntry, type ChainVerification } from './hash-chain';

/** A stored entry with the MAC written beside it (null where none was stored). */
export interface AuthenticatedEntry extends ChainedEntry {
  mac: string | null;
}

/** The head the database records for a chain (the `audit_heads` row), or null when there is none. */
export interface ChainHead {
  seq: number;
  hash: string;
}

export interface AnchoredChainInput {
  /** The chain's name: the organisation's ODS code, or `*` for the global chain. */
  chain: string;
  /** Every entry of the chain, ordered by seq. */
  entries: readonly AuthenticatedEntry[];
  head: ChainHead | null;
  /** The latest checkpoint for the chain, as the checkpoint store read it, or null. */
  checkpoint: Checkpoint | null;
  /** The private-key form checks MACs too; the public-key form checks checkpoints only. */
  keys: AuditKeys | CheckpointVerifier;
}

export interface AnchoredChainVerification extends ChainVerification {
  /** Seq of the checkpoint the chain was checked against, or null when there was none signed by the key. */
  anchoredAt: number | null;
  /** Entries newer than that checkpoint (all of them without one): protected by their MACs only, and not against deletion. */
  unanchored: number;
  /** Whether entry MACs were checked (false with the public key only). */
  entriesAuthenticated: boolean;
}

/**
 * Verifies one chain against the database head, the latest signed checkpoint kept outside the
 * database, and (with the private key) each entry's MAC.
 *
 * What each check catches, for someone who can write the database but holds no key:
 * - recomputing hashes: an edited entry;
 * - seq and prevHash: a deleted or reordered entry;
 * - MACs: an entry re-hashed after an edit, or appended, by anyone without the key;
 * - the checkpoint's head at its seq: a consistent rewrite (also with the public key only);
 * - the checkpoint's seq against the trail's length: a deleted tail, even with the head moved back,
 *   and a deleted trail;
 * - the database head: entries added or removed past it.
 * Not caught: deletion of entries newer than the latest checkpoint with the head moved back
 * (counted in `unanchored`), and anything done by someone holding the signing key.
 */
export function verifyAnchoredChain(input: AnchoredChainInput): AnchoredChainVerification {
  const { chain, entries, head, keys } = input;
  const authenticate = canAuthenticateEntries(keys);
  let checked = 0;
  let anchoredAt: number | null = null;
  const result = (valid: boolean, firstBrokenAt: number | null, reason: string | null): AnchoredChainVerification => {
    const anchoredLength = anchoredAt ?? 0;
    return { valid, checked, firstBrokenAt, reason, anchoredAt, unanchored: Math.max(0, entries.length - anchoredLength), entriesAuthenticated: authenticate };
  };

  const checkpoint = input.checkpoint;
  if (checkpoint) {
    if (checkpoint.chain !== chain)
      return result(false, null, `the checkpoint given is for chain ${checkpoint.chain}, not ${chain}: this is a fault in Onramp, please report it`);
    if (!keys.verifyCheckpoint(checkpoint))
      return result(
        false,
        null,
        checkpoint.keyId === keys.keyId
          ? `the latest checkpoint for ${chain} (entry ${checkpoint.seq}, ${checkpoint.at}) has a signature that does not verify: the checkpoint files were altered`
          : `the latest checkpoint for ${chain} was signed by key ${checkpoint.keyId}, not the configured audit key ${keys.keyId}: configure the key that signed it, or find out who wrote that checkpoint`,
      );
    anchoredAt = checkpoint.seq;
  }
  const where = checkpoint ? `the signed checkpoint of ${checkpoint.at}` : '';

  if (entries.length === 0 && checkpoint && checkpoint.seq > 0)
    return result(
      false,
      1,
      `the audit trail of ${chain} is empty${head ? '' : ' and has no recorded head'}, but ${where} records ${checkpoint.seq} entries: the whole trail was deleted; restore it from a backup`,
    );

  let prevHash = GENESIS_HASH;
  for (const [index, entry] of entries.entries()) {
    const seq = index + 1;
    const broken = (reason: string) => result(false, seq, reason);
    if (entry.seq !== seq) return broken(`entry ${seq} of ${chain} is missing (entry ${entry.seq} is in its place): it was deleted; restore it from a backup`);
    if (entry.prevHash !== prevHash) return broken(`entry ${seq} of ${chain} does not link to entry ${seq - 1}: entries were reordered or replaced`);
    if (hashEntry(entry) !== entry.hash) return broken(`entry ${seq} of ${chain} was altered after it was written: its contents no longer match its hash`);
    // The hash covers the organisation, not the chain it was read from: an intact entry of another trail must not pass.
    if (entry.organisation !== chain) return broken(`entry ${seq} of ${chain} says it belongs to ${entry.organisation}: it was copied from another trail`);
    if (authenticate && !keys.verifyMac(entry.hash, entry.mac))
      return broken(
        entry.mac
          ? `entry ${seq} of ${chain} was not written by Onramp: its authentication code does not match the audit key (the entry was changed and re-hashed, or inserted, by someone without the key)`
          : `entry ${seq} of ${chain} was not written by Onramp: it has no authentication code (the entry was inserted, or changed and re-hashed, by someone without the key)`,
      );
    if (checkpoint && seq === checkpoint.seq && entry.hash !== checkpoint.head)
      return broken(`entry ${seq} of ${chain} is not the one ${where} recorded: the trail up to entry ${seq} was rewritten; compare it with a backup`);
    prevHash = entry.hash;
    checked++;
  }

  if (checkpoint && checkpoint.seq > entries.length)
    return result(
      false,
      entries.length + 1,
      `the audit trail of ${chain} ends at entry ${entries.length} but ${where} records ${checkpoint.seq} entries: entries ${entries.length + 1} to ${checkpoint.seq} were deleted; restore them from a backup`,
    );

  if (!head) {
    if (entries.length === 0) return result(true, null, null);
    return result(false, entries.length, `the database records no head for ${chain} although it has ${entries.length} entries: the head was deleted`);
  }
  if (head.seq > entries.length)
    return result(
      false,
      entries.length + 1,
      `the audit trail of ${chain} ends at entry ${entries.length} but its recorded head says ${head.seq} were written: newest entries were deleted`,
    );
  if (head.seq < entries.length)
    return result(false, head.seq + 1, `entries of ${chain} after ${head.seq} were added beyond the recorded head: they were not written by Onramp`);
  // An empty chain's head hash is not meaningful (the organisation row stored '' for it).
  if (head.seq > 0 && head.hash !== prevHash)
    return result(
      false,
      entries.length,
      `the audit trail of ${chain} no longer ends at its recorded head: entries were rewritten and re-hashed, or the head was changed`,
    );
  return result(true, null, null);
}
