// npm run bench: measures the hot paths of the core engine and prints each figure with its ratio
// to a floor measured in the same run on the same data, so the numbers mean something on any machine.
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { loadCatalogue } from '../../apps/onramp/src/catalogue/catalogue.loader';
import { GENESIS_HASH, canonicalJson, hashEntry, verifyChain, type ChainedEntry } from '../../apps/onramp/src/audit/domain/hash-chain';
import { OnboardingRun, type OnboardingRunSnapshot } from '../../apps/onramp/src/onboarding/domain/onboarding-run';
import { calculateReadiness, type ReadinessInput } from '../../apps/onramp/src/readiness/domain/readiness.calculator';
import { projectRoot } from '../../apps/onramp/src/shared/config/project-root';
import { measureAtScale, reportAtScale } from './at-scale';
import { measureEmails, reportEmails } from './emails';
import { measureHttpWorkloads, reportHttpWorkloads } from './http-workloads';

function time<T>(label: string, fn: () => T): { ms: number; result: T } {
  fn(); // warm-up
  const start = performance.now();
  const result = fn();
  const ms = performance.now() - start;
  return { ms, result };
}

function report(name: string, ms: number, floorMs: number, unit: string) {
  process.stdout.write(
    `${name.padEnd(58)} ${ms.toFixed(1).padStart(9)} ms   floor ${floorMs.toFixed(1).padStart(8)} ms   ratio ${(ms / floorMs).toFixed(1).padStart(6)}x   ${unit}\n`,
  );
}

const catalogue = loadCatalogue(join(projectRoot(), 'config/catalogue/core.yaml'));
const now = new Date('2026-11-22T09:00:00Z');

// 1. Readiness over a portfolio: 10,000 runs of the core checklist, a third of each done.
const RUNS = 10_000;
const runs: OnboardingRunSnapshot[] = [];
for (let i = 0; i < RUNS; i++) {
  const run = OnboardingRun.start({
    id: `r${i}`,
    organisation: `B${i}`,
    goLiveDate: '2027-06-01',
    catalogueVersion: catalogue.version,
    steps: [...catalogue.steps],
    now: new Date('2026-09-01T09:00:00Z'),
  });
  const snap = run.snapshot();
  snap.definitions.slice(0, (i % 3) * 12).forEach((d, k) => {
    Object.assign(snap.steps[d.id], { status: 'done', settledAt: new Date(Date.UTC(2026, 9, 1 + k)).toISOString() });
  });
  runs.push(snap);
}
const floor1 = time('floor', () => {
  // The least any readiness computation must do: visit every step of every run once.
  let n = 0;
  for (const r of runs) for (const d of r.definitions) if (r.steps[d.id].status === 'done') n += d.weight;
  return n;
});
const inputs: ReadinessInput[] = runs.map((r) => {
  const run = OnboardingRun.restore(r, 0);
  return { organisation: run.organisation, goLiveDate: run.goLiveDate, startedAt: run.startedAt, steps: run.stepFacts() };
});
const readiness = time('readiness', () => inputs.map((r) => calculateReadiness(r, now).score));
report(`readiness of ${RUNS} runs x ${catalogue.steps.length} steps`, readiness.ms, floor1.ms, `${Math.round((RUNS / readiness.ms) * 1000)} runs/s`);

// 2. Audit verification: 100,000 chained entries against hashing the same bytes once.
const ENTRIES = 100_000;
const entries: ChainedEntry[] = [];
let prev = GENESIS_HASH;
for (let seq = 1; seq <= ENTRIES; seq++) {
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
  entries.push({ ...fields, hash: prev });
}
const floor2 = time('floor', () => {
  let h = '';
  for (const e of entries) h = createHash('sha256').update(e.payload).update(e.prevHash).digest('hex');
  return h;
});
const verified = time('verify', () => verifyChain(entries, { seq: ENTRIES, hash: prev }));
if (!verified.result.valid) throw new Error('benchmark chain did not verify');
report(`audit verify of ${ENTRIES} entries`, verified.ms, floor2.ms, `${Math.round((ENTRIES / verified.ms) * 1000)} entries/s`);

const rss = process.memoryUsage().rss / 1024 / 1024;
process.stdout.write(`peak-ish RSS after both: ${rss.toFixed(0)} MB\n`);

// 3. Through HTTP and the database: the built server, as an operator runs it, each figure beside a floor from this run.
async function throughTheServer() {
  process.stdout.write('\nThrough the built server on SQLite (figure, floor, ratio, what issue 8 asks)\n');
  reportHttpWorkloads(await measureHttpWorkloads());
  process.stdout.write('\nEvery provider in England: 10,000 organisations on SQLite\n');
  reportAtScale(await measureAtScale());
  process.stdout.write('\nGuidance emails through the outbox to a local SMTP server\n');
  reportEmails(await measureEmails());
}

throughTheServer().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
