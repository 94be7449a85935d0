import { canonicalJson, type ChainedEntry, GENESIS_HASH, hashEntry, verifyChain } from './hash-chain';

/** Links entries the way the audit trail writes them: seq from 1, each pointing at the previous hash. */
function link(entries: Omit<ChainedEntry, 'seq' | 'prevHash' | 'hash'>[]): ChainedEntry[] {
  const out: ChainedEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (const [index, fields] of entries.entries()) {
    const unhashed = { ...fields, seq: index + 1, prevHash };
    const entry = { ...unhashed, hash: hashEntry(unhashed) };
    out.push(entry);
    prevHash = entry.hash;
  }
  return out;
}

function auditFields(n: number) {
  return {
    organisation: 'RH8',
    type: n === 1 ? 'OnboardingStarted' : 'StepCompleted',
    payload: canonicalJson({ stepId: `core.step-${n}`, note: null }),
    actorId: 'token-1',
    actorRole: 'implementation-lead',
    occurredAt: `2026-06-0${n}T09:00:00.000Z`,
    correlationId: `corr-${n}`,
  };
}

/** A written trail of `n` entries and the head recorded on the organisation. */
function trail(n: number) {
  const entries = link(Array.from({ length: n }, (_, i) => auditFields(i + 1)));
  const last = entries.at(-1);
  return { entries, head: { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH } };
}

describe('canonicalJson', () => {
  it('gives the same text whatever the key order, at every depth', () => {
    const a = canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: 'z' } });
    const b = canonicalJson({ a: { c: 'z', d: [{ x: 2, y: 1 }] }, b: 1 });

    expect(a).toBe(b);
    expect(a).toBe('{"a":{"c":"z","d":[{"x":2,"y":1}]},"b":1}');
  });

  it('keeps array order, which is meaningful', () => {
    expect(canonicalJson([3, 1, 2])).not.toBe(canonicalJson([1, 2, 3]));
  });

  it('writes null and primitives as JSON does', () => {
    expect(canonicalJson({ note: null, n: 1, ok: true })).toBe('{"n":1,"note":null,"ok":true}');
  });
});

describe('hashEntry', () => {
  it('changes when any covered field changes', () => {
    const [entry] = trail(1).entries;
    const base = hashEntry(entry);

    expect(base).toMatch(/^[0-9a-f]{64}$/);
    for (const key of ['organisation', 'type', 'payload', 'actorId', 'actorRole', 'occurredAt', 'correlationId', 'prevHash'] as const) {
      expect(hashEntry({ ...entry, [key]: `${entry[key]}x` })).not.toBe(base);
    }
    expect(hashEntry({ ...entry, seq: 2 })).not.toBe(base);
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain', () => {
    const { entries, head } = trail(4);

    expect(verifyChain(entries, head)).toEqual({ valid: true, checked: 4, firstBrokenAt: null, reason: null });
  });

  it('accepts an empty trail with an empty head', () => {
    expect(verifyChain([], { seq: 0, hash: GENESIS_HASH })).toEqual({ valid: true, checked: 0, firstBrokenAt: null, reason: null });
  });

  it('detects an edited payload at the edited entry', () => {
    const { entries, head } = trail(4);
    entries[1] = { ...entries[1], payload: canonicalJson({ stepId: 'core.step-2', note: 'rewritten' }) };

    expect(verifyChain(entries, head)).toEqual({ valid: false, checked: 1, firstBrokenAt: 2, reason: 'entry 2 was altered after it was written' });
  });

  it('detects a deleted middle entry at the gap', () => {
    const { entries, head } = trail(4);
    entries.splice(1, 1);

    expect(verifyChain(entries, head)).toEqual({ valid: false, checked: 1, firstBrokenAt: 2, reason: 'entry 2 is missing (found 3 in its place)' });
  });

  it('detects a deleted tail against the recorded head', () => {
    const { entries, head } = trail(4);
    entries.pop();

    expect(verifyChain(entries, head)).toEqual({
      valid: false,
      checked: 3,
      firstBrokenAt: 4,
      reason: 'the trail ends at entry 3 but 4 were written: newest entries were deleted',
    });
  });

  it('detects an entry whose link to its predecessor was changed', () => {
    const { entries, head } = trail(3);
    // Point entry 3 elsewhere and re-hash it so its own hash is consistent.
    const relinked = { ...entries[2], prevHash: GENESIS_HASH };
    entries[2] = { ...relinked, hash: hashEntry(relinked) };

    expect(verifyChain(entries, head)).toEqual({ valid: false, checked: 2, firstBrokenAt: 3, reason: 'entry 3 does not link to entry 2' });
  });

  it('detects a middle entry deleted and the rest renumbered and re-linked, against the head', () => {
    const { head } = trail(4);
    const relinked = link([auditFields(1), auditFields(3), auditFields(4)]);

    // The three remaining entries chain correctly; only the head still says four were written.
    expect(verifyChain(relinked, head)).toEqual({
      valid: false,
      checked: 3,
      firstBrokenAt: 4,
      reason: 'the trail ends at entry 3 but 4 were written: newest entries were deleted',
    });
  });

  it('detects an edited entry with every later entry re-linked, pointing at the last entry, which no longer matches the head', () => {
    const { head } = trail(4);
    const forged = link([
      auditFields(1),
      { ...auditFields(2), payload: canonicalJson({ stepId: 'core.step-2', note: 'rewritten' }) },
      auditFields(3),
      auditFields(4),
    ]);

    const result = verifyChain(forged, head);

    // Every entry is internally consistent; only the head shows the trail is not the one written.
    // The first entry that does not fit is entry 4 (its hash is not the recorded head hash):
    // there is no entry 5 to blame, and the trail does not "end early".
    expect({
      valid: result.valid,
      checked: result.checked,
      firstBrokenAt: result.firstBrokenAt,
      reasonClaimsTrailEndsEarly: /ends at entry/.test(result.reason ?? ''),
    }).toEqual({
      valid: false,
      checked: 4,
      firstBrokenAt: 4,
      reasonClaimsTrailEndsEarly: false,
    });
  });

  it('detects entries appended beyond the recorded head', () => {
    const { entries, head } = trail(2);
    const longer = link([auditFields(1), auditFields(2), auditFields(3)]);

    expect(longer.slice(0, 2)).toEqual(entries);
    expect(verifyChain(longer, head)).toMatchObject({ valid: false, checked: 3, firstBrokenAt: 3 });
  });
});
