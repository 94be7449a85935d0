// What authenticating the audit trail costs: `npm run build && node dist/test/bench/audit-mac.js`.
// Prints 100k entry MACs beside 100k plain sha256 over the same bytes, whole-chain verification
// with and without MACs, and checkpoint signature checks. Nothing is asserted: speed is never tested.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { auditKeysFromPrivateKey } from '../../apps/onramp/src/audit/domain/audit-signing';
import { verifyAnchoredChain, type AuthenticatedEntry } from '../../apps/onramp/src/audit/domain/chain-verification';
import { canonicalJson, GENESIS_HASH, hashEntry, verifyChain } from '../../apps/onramp/src/audit/domain/hash-chain';

const N = 100_000;
const keys = auditKeysFromPrivateKey(generateKeyPairSync('ed25519').privateKey);

/** Best of three runs after a warm-up, so one GC pause does not decide the figure. */
function time(fn: () => unknown): number {
  fn();
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

function line(label: string, ms: number, count: number) {
  process.stdout.write(`${label.padEnd(64)} ${ms.toFixed(1).padStart(8)} ms   ${((ms * 1000) / count).toFixed(2).padStart(6)} µs each\n`);
}

const hashes = Array.from({ length: N }, (_, i) => createHash('sha256').update(`entry ${i}`).digest('hex'));
line(
  `${N} plain sha256 of a 64-character hash`,
  time(() => hashes.map((h) => createHash('sha256').update(h).digest('hex'))),
  N,
);
line(
  `${N} entry MACs (HMAC-SHA256, derived key)`,
  time(() => hashes.map((h) => keys.mac(h))),
  N,
);
const macs = hashes.map((h) => keys.mac(h));
line(
  `${N} entry MAC checks (constant-time compare)`,
  time(() => hashes.every((h, i) => keys.verifyMac(h, macs[i]))),
  N,
);

const entries: AuthenticatedEntry[] = [];
let prev = GENESIS_HASH;
for (let seq = 1; seq <= N; seq++) {
  const fields = {
    organisation: 'RH8',
    seq,
    type: 'StepCompleted',
    payload: canonicalJson({ stepId: 'core.go-live', note: `n${seq}` }),
    actorId: 'a',
    actorRole: 'implementation-lead',
    occurredAt: '2026-11-22T09:00:00.000Z',
    correlationId: 'c',
    prevHash: prev,
  };
  prev = hashEntry(fields);
  entries.push({ ...fields, hash: prev, mac: keys.mac(prev) });
}
const head = { seq: N, hash: prev };
const checkpoint = keys.sign({ chain: 'RH8', seq: N, head: prev, at: new Date().toISOString() });
line(
  `verifyChain, ${N} entries (hashes only)`,
  time(() => verifyChain(entries, head)),
  N,
);
line(
  `verifyAnchoredChain, ${N} entries (hashes, MACs, checkpoint)`,
  time(() => verifyAnchoredChain({ chain: 'RH8', entries, head, checkpoint, keys })),
  N,
);
if (!verifyAnchoredChain({ chain: 'RH8', entries, head, checkpoint, keys }).valid) throw new Error('benchmark chain did not verify');

const CHECKPOINTS = 2_000;
const signed = Array.from({ length: CHECKPOINTS }, (_, i) => keys.sign({ chain: 'RH8', seq: i, head: hashes[i], at: '2026-11-22T09:00:00.000Z' }));
line(
  `${CHECKPOINTS} checkpoint signatures (Ed25519 sign)`,
  time(() => signed.map((c) => keys.sign(c))),
  CHECKPOINTS,
);
line(
  `${CHECKPOINTS} checkpoint checks (Ed25519 verify)`,
  time(() => signed.every((c) => keys.verifyCheckpoint(c))),
  CHECKPOINTS,
);
