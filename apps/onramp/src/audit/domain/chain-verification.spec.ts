import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { auditKeysFromPrivateKey, checkpointVerifierFromPublicKey, type AuditKeys, type Checkpoint } from './audit-signing';
import { verifyAnchoredChain, type AuthenticatedEntry, type ChainHead } from './chain-verification';
import { canonicalJson, GENESIS_HASH, hashEntry, type AuditFields } from './hash-chain';

const { privateKey } = generateKeyPairSync('ed25519');
const keys = auditKeysFromPrivateKey(privateKey);
const publicOnly = checkpointVerifierFromPublicKey(createPublicKey(privateKey));
/** Someone with write access to the database but not the key: can hash, cannot MAC. */
const noKey: Pick<AuditKeys, 'mac'> = { mac: () => 'f'.repeat(64) };

type Fields = Omit<AuditFields, 'seq' | 'prevHash'>;

function fields(n: number, organisation = 'RH8'): Fields {
  return {
    organisation,
    type: n === 1 ? 'OnboardingStarted' : 'StepCompleted',
    payload: canonicalJson({ stepId: `core.step-${n}`, note: null }),
    actorId: 'person-1',
    actorRole: 'implementation-lead',
    occurredAt: `2026-06-${String(n).padStart(2, '0')}T09:00:00.000Z`,
    correlationId: `corr-${n}`,
  };
}

/** Links and MACs entries as the trail writes them; `by` decides whose MAC they carry. */
function link(list: Fields[], by: Pick<AuditKeys, 'mac'> = keys): AuthenticatedEntry[] {
  let prevHash = GENESIS_HASH;
  return list.map((f, i) => {
    const unhashed = { ...f, seq: i + 1, prevHash };
    const hash = hashEntry(unhashed);
    prevHash = hash;
    return { ...unhashed, hash, mac: by.mac(hash) };
  });
}

/**
 * What an insider without the key writes: the chain re-linked and re-hashed, keeping the original
 * MAC wherever an entry's hash did not change (the best such a forger can do).
 */
function forge(list: Fields[], original: readonly AuthenticatedEntry[]): AuthenticatedEntry[] {
  return link(list, noKey).map((e) => {
    const same = original.find((o) => o.hash === e.hash);
    return same ? { ...e, mac: same.mac } : e;
  });
}

const headOf = (entries: readonly AuthenticatedEntry[]): ChainHead | null => {
  const last = entries.at(-1);
  return last ? { seq: last.seq, hash: last.hash } : null;
};

const checkpointAt = (entries: readonly AuthenticatedEntry[], seq: number, chain = 'RH8'): Checkpoint =>
  keys.sign({ chain, seq, head: entries[seq - 1].hash, at: '2026-06-30T23:00:00.000Z' });

/** A written trail of `n` entries, its head, and a signed checkpoint at entry `anchored` (null for none). */
function trail(n: number, anchored: number | null = n) {
  const entries = link(Array.from({ length: n }, (_, i) => fields(i + 1)));
  return { entries, head: headOf(entries), checkpoint: anchored === null ? null : checkpointAt(entries, anchored) };
}

const edited = (n: number): Fields => ({ ...fields(n), payload: canonicalJson({ stepId: `core.step-${n}`, note: 'rewritten' }) });

describe('verifyAnchoredChain', () => {
  describe('an untouched trail', () => {
    it('is valid and fully anchored when the checkpoint is at its head', () => {
      const t = trail(5);

      expect(verifyAnchoredChain({ chain: 'RH8', ...t, keys })).toEqual({
        valid: true,
        checked: 5,
        firstBrokenAt: null,
        reason: null,
        anchoredAt: 5,
        unanchored: 0,
        entriesAuthenticated: true,
      });
    });

    it('counts the entries written since the latest checkpoint', () => {
      expect(verifyAnchoredChain({ chain: 'RH8', ...trail(5, 3), keys })).toMatchObject({ valid: true, checked: 5, anchoredAt: 3, unanchored: 2 });
    });

    it('is valid but wholly unanchored without a checkpoint', () => {
      expect(verifyAnchoredChain({ chain: 'RH8', ...trail(4, null), keys })).toMatchObject({ valid: true, checked: 4, anchoredAt: null, unanchored: 4 });
    });

    it('is valid when empty, with no head and no checkpoint', () => {
      expect(verifyAnchoredChain({ chain: 'RH8', entries: [], head: null, checkpoint: null, keys })).toMatchObject({ valid: true, checked: 0, unanchored: 0 });
    });

    it('verifies with the public key only, saying the entries were not authenticated', () => {
      expect(verifyAnchoredChain({ chain: 'RH8', ...trail(5, 3), keys: publicOnly })).toMatchObject({
        valid: true,
        checked: 5,
        anchoredAt: 3,
        unanchored: 2,
        entriesAuthenticated: false,
      });
    });

    it('verifies the global chain', () => {
      const entries = link([fields(1, '*'), fields(2, '*')]);
      const checkpoint = checkpointAt(entries, 2, '*');

      expect(verifyAnchoredChain({ chain: '*', entries, head: headOf(entries), checkpoint, keys })).toMatchObject({ valid: true, checked: 2, anchoredAt: 2 });
    });
  });

  describe('an edited entry', () => {
    it('is found at the entry when it was not re-hashed', () => {
      const t = trail(4);
      t.entries[1] = { ...t.entries[1], payload: canonicalJson({ stepId: 'core.step-2', note: 'rewritten' }) };

      expect(verifyAnchoredChain({ chain: 'RH8', ...t, keys })).toMatchObject({
        valid: false,
        checked: 1,
        firstBrokenAt: 2,
        reason: 'entry 2 of RH8 was altered after it was written: its contents no longer match its hash',
      });
    });

    it('is found at the edit by its MAC when the whole chain and the head were re-hashed consistently', () => {
      const t = trail(4);
      const forged = forge([fields(1), edited(2), fields(3), fields(4)], t.entries);

      expect(verifyAnchoredChain({ chain: 'RH8', entries: forged, head: headOf(forged), checkpoint: t.checkpoint, keys })).toMatchObject({
        valid: false,
        checked: 1,
        firstBrokenAt: 2,
        reason: expect.stringContaining('entry 2 of RH8 was not written by Onramp: its authentication code does not match the audit key'),
      });
    });

    it('is found at the edit when the forger kept the original MACs beside the new hashes', () => {
      const t = trail(4);
      const forged = link([fields(1), edited(2), fields(3), fields(4)], noKey).map((e, i) => ({ ...e, mac: t.entries[i].mac }));

      expect(verifyAnchoredChain({ chain: 'RH8', entries: forged, head: headOf(forged), checkpoint: t.checkpoint, keys })).toMatchObject({
        valid: false,
        firstBrokenAt: 2,
      });
    });

    it('is found at the checkpoint by an auditor with the public key only', () => {
      const t = trail(5, 4);
      const forged = forge([fields(1), edited(2), fields(3), fields(4), fields(5)], t.entries);

      expect(verifyAnchoredChain({ chain: 'RH8', entries: forged, head: headOf(forged), checkpoint: t.checkpoint, keys: publicOnly })).toMatchObject({
        valid: false,
        checked: 3,
        firstBrokenAt: 4,
        reason:
          'entry 4 of RH8 is not the one the signed checkpoint of 2026-06-30T23:00:00.000Z recorded: the trail up to entry 4 was rewritten; compare it with a backup',
      });
    });
  });

  describe('a re-linked entry', () => {
    it('is found at the entry whose link to its predecessor was changed, even when its own hash was made consistent', () => {
      const t = trail(4);
      const relinked = { ...t.entries[2], prevHash: GENESIS_HASH };
      t.entries[2] = { ...relinked, hash: hashEntry(relinked) };

      expect(verifyAnchoredChain({ chain: 'RH8', ...t, keys })).toMatchObject({
        valid: false,
        checked: 2,
        firstBrokenAt: 3,
        reason: 'entry 3 of RH8 does not link to entry 2: entries were reordered or replaced',
      });
    });
  });

  describe('the recorded head', () => {
    it('is found changed when the entries are intact', () => {
      const t = trail(3);

      expect(verifyAnchoredChain({ chain: 'RH8', ...t, head: { seq: 3, hash: 'e'.repeat(64) }, keys })).toMatchObject({
        valid: false,
        checked: 3,
        firstBrokenAt: 3,
        reason: 'the audit trail of RH8 no longer ends at its recorded head: entries were rewritten and re-hashed, or the head was changed',
      });
    });

    it('catches, for an auditor with the public key only, entries after the checkpoint rewritten while the head was left alone', () => {
      const t = trail(4, 2);
      const forged = forge([fields(1), fields(2), edited(3), fields(4)], t.entries);

      expect(verifyAnchoredChain({ chain: 'RH8', entries: forged, head: t.head, checkpoint: t.checkpoint, keys: publicOnly })).toMatchObject({
        valid: false,
        firstBrokenAt: 4,
        reason: expect.stringContaining('no longer ends at its recorded head'),
      });
    });
  });

  describe('a deleted entry', () => {
    it('is found at the gap', () => {
      const t = trail(4);
      t.entries.splice(1, 1);

      expect(verifyAnchoredChain({ chain: 'RH8', ...t, keys })).toMatchObject({
        valid: false,
        checked: 1,
        firstBrokenAt: 2,
        reason: 'entry 2 of RH8 is missing (entry 3 is in its place): it was deleted; restore it from a backup',
      });
    });

    it('is found when the rest was renumbered, re-linked and re-hashed with the head, by the MACs', () => {
      const t = trail(4);
      const forged = forge([fields(1), fields(3), fields(4)], t.entries);

      expect(verifyAnchoredChain({ chain: 'RH8', entries: forged, head: headOf(forged), checkpoint: t.checkpoint, keys })).toMatchObject({
        valid: false,
        checked: 1,
        firstBrokenAt: 2,
        reason: expect.stringContaining('entry 2 of RH8 was not written by Onramp'),
      });
    });
  });

  describe('a deleted tail', () => {
    it('is found against the checkpoint when the head was moved back', () => {
      const t = trail(6, 5);
      const kept = t.entries.slice(0, 3);

      expect(verifyAnchoredChain({ chain: 'RH8', entries: kept, head: headOf(kept), checkpoint: t.checkpoint, keys })).toMatchObject({
        valid: false,
        checked: 3,
        firstBrokenAt: 4,
        reason:
          'the audit trail of RH8 ends at entry 3 but the signed checkpoint of 2026-06-30T23:00:00.000Z records 5 entries: entries 4 to 5 were deleted; restore them from a backup',
      });
    });

    it('is found when the tail was deleted and replaced by other entries up to the checkpoint, since the entry at its seq differs', () => {
      const t = trail(5);
      // Even an insider with the key's MACs (here: keys) cannot make entry 5 hash to the checkpoint's head.
      const replaced = link([fields(1), fields(2), fields(3), edited(4), fields(5)]);

      expect(verifyAnchoredChain({ chain: 'RH8', entries: replaced, head: headOf(replaced), checkpoint: t.checkpoint, keys })).toMatchObject({
        valid: false,
        firstBrokenAt: 5,
        reason: expect.stringContaining('entry 5 of RH8 is not the one the signed checkpoint'),
      });
    });

    it('is found against the recorded head when the head was left alone', () => {
      const t = trail(5, 3);
      const kept = t.entries.slice(0, 4);

      expect(verifyAnchoredChain({ chain: 'RH8', entries: kept, head: t.head, checkpoint: t.checkpoint, keys })).toMatchObject({
        valid: false,
        checked: 4,
        firstBrokenAt: 5,
        reason: 'the audit trail of RH8 ends at entry 4 but its recorded head says 5 were written: newest entries were deleted',
      });
    });

    it('is NOT found when only entries newer than the latest checkpoint were deleted and the head moved back (the documented limit)', () => {
      const t = trail(5, 3);
      const kept = t.entries.slice(0, 4);

      // This is why checkpoints are written often and their heads also leave by email.
      expect(verifyAnchoredChain({ chain: 'RH8', entries: kept, head: headOf(kept), checkpoint: t.checkpoint, keys })).toMatchObject({
        valid: true,
        anchoredAt: 3,
        unanchored: 1,
      });
    });
  });

  describe('a deleted trail', () => {
    it('is found when a checkpoint exists for a chain with no entries and no head', () => {
      const t = trail(3);

      expect(verifyAnchoredChain({ chain: 'RH8', entries: [], head: null, checkpoint: t.checkpoint, keys })).toEqual({
        valid: false,
        checked: 0,
        firstBrokenAt: 1,
        reason:
          'the audit trail of RH8 is empty and has no recorded head, but the signed checkpoint of 2026-06-30T23:00:00.000Z records 3 entries: the whole trail was deleted; restore it from a backup',
        anchoredAt: 3,
        unanchored: 0,
        entriesAuthenticated: true,
      });
    });

    it('is found when the entries were deleted and the head reset to empty', () => {
      const t = trail(3);

      expect(verifyAnchoredChain({ chain: 'RH8', entries: [], head: { seq: 0, hash: GENESIS_HASH }, checkpoint: t.checkpoint, keys })).toMatchObject({
        valid: false,
        firstBrokenAt: 1,
        reason: expect.stringContaining('the audit trail of RH8 is empty, but the signed checkpoint'),
      });
    });

    it('is found when the head alone was deleted', () => {
      const t = trail(3);

      expect(verifyAnchoredChain({ chain: 'RH8', entries: t.entries, head: null, checkpoint: t.checkpoint, keys })).toMatchObject({
        valid: false,
        firstBrokenAt: 3,
        reason: 'the database records no head for RH8 although it has 3 entries: the head was deleted',
      });
    });
  });

  describe('an appended forged entry', () => {
    it('is found by its missing MAC even when it links correctly and the head was moved to it', () => {
      const t = trail(3);
      const forged = [...t.entries];
      const unhashed = { ...fields(4), seq: 4, prevHash: forged[2].hash };
      forged.push({ ...unhashed, hash: hashEntry(unhashed), mac: null });

      expect(verifyAnchoredChain({ chain: 'RH8', entries: forged, head: headOf(forged), checkpoint: t.checkpoint, keys })).toMatchObject({
        valid: false,
        checked: 3,
        firstBrokenAt: 4,
        reason: expect.stringContaining('entry 4 of RH8 was not written by Onramp: it has no authentication code'),
      });
    });

    it('is found by its MAC when the forger copied another entry’s MAC', () => {
      const t = trail(3);
      const unhashed = { ...fields(4), seq: 4, prevHash: t.entries[2].hash };
      const forged = [...t.entries, { ...unhashed, hash: hashEntry(unhashed), mac: t.entries[2].mac }];

      expect(verifyAnchoredChain({ chain: 'RH8', entries: forged, head: headOf(forged), checkpoint: t.checkpoint, keys })).toMatchObject({
        valid: false,
        firstBrokenAt: 4,
        reason: expect.stringContaining('does not match the audit key'),
      });
    });

    it('is found against the head when the head was not moved, even with the public key only', () => {
      const t = trail(3);
      const forged = forge([fields(1), fields(2), fields(3), fields(4)], t.entries);

      expect(verifyAnchoredChain({ chain: 'RH8', entries: forged, head: t.head, checkpoint: t.checkpoint, keys: publicOnly })).toMatchObject({
        valid: false,
        firstBrokenAt: 4,
        reason: 'entries of RH8 after 3 were added beyond the recorded head: they were not written by Onramp',
      });
    });

    it('is counted as unanchored, not refused, by an auditor with the public key only when the head was moved (the documented limit)', () => {
      const t = trail(3);
      const forged = [...t.entries, ...link([fields(1), fields(2), fields(3), fields(4)], noKey).slice(3)];

      expect(verifyAnchoredChain({ chain: 'RH8', entries: forged, head: headOf(forged), checkpoint: t.checkpoint, keys: publicOnly })).toMatchObject({
        valid: true,
        unanchored: 1,
        entriesAuthenticated: false,
      });
    });
  });

  describe('a trail from elsewhere', () => {
    it('is found when another organisation’s whole trail and head were copied in', () => {
      const other = link([fields(1, 'RX1'), fields(2, 'RX1')]);

      expect(verifyAnchoredChain({ chain: 'RH8', entries: other, head: headOf(other), checkpoint: null, keys })).toMatchObject({
        valid: false,
        firstBrokenAt: 1,
        reason: 'entry 1 of RH8 says it belongs to RX1: it was copied from another trail',
      });
    });
  });

  describe('the checkpoint', () => {
    it('is refused when signed by another key, naming both keys', () => {
      const t = trail(3);
      const stranger = auditKeysFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
      const checkpoint = stranger.sign({ chain: 'RH8', seq: 3, head: t.entries[2].hash, at: '2026-06-30T23:00:00.000Z' });

      expect(verifyAnchoredChain({ chain: 'RH8', ...t, checkpoint, keys })).toMatchObject({
        valid: false,
        firstBrokenAt: null,
        anchoredAt: null,
        reason: `the latest checkpoint for RH8 was signed by key ${stranger.keyId}, not the configured audit key ${keys.keyId}: configure the key that signed it, or find out who wrote that checkpoint`,
      });
    });

    it('is refused when altered after signing', () => {
      const t = trail(3);
      const checkpoint = { ...t.checkpoint!, seq: 2, head: t.entries[1].hash };

      expect(verifyAnchoredChain({ chain: 'RH8', ...t, checkpoint, keys: publicOnly })).toMatchObject({
        valid: false,
        anchoredAt: null,
        reason: 'the latest checkpoint for RH8 (entry 2, 2026-06-30T23:00:00.000Z) has a signature that does not verify: the checkpoint files were altered',
      });
    });

    it('is refused when it belongs to another chain', () => {
      const t = trail(3);
      const checkpoint = keys.sign({ chain: 'RX1', seq: 3, head: t.entries[2].hash, at: '2026-06-30T23:00:00.000Z' });

      expect(verifyAnchoredChain({ chain: 'RH8', ...t, checkpoint, keys })).toMatchObject({
        valid: false,
        reason: expect.stringContaining('for chain RX1, not RH8'),
      });
    });
  });
});
