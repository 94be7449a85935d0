import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditKeysFromPrivateKey } from '../../apps/onramp/src/audit/domain/audit-signing';
import { CheckpointStore, checkpointFileName } from '../../apps/onramp/src/audit/checkpoints/checkpoint-store';

/**
 * Several Onramp processes (instances behind a load balancer, the CLI) append checkpoints to one
 * directory. Two real processes, each running the built store, append at the same time; every line
 * must survive whole. No database is involved, so this suite runs once rather than per database.
 */
const DIST = join(__dirname, '../../dist/apps/onramp/src/audit');
const STORE = join(DIST, 'checkpoints/checkpoint-store.js');
const SIGNING = join(DIST, 'domain/audit-signing.js');

const WRITER = `
const { createPrivateKey } = require('node:crypto');
const { CheckpointStore } = require(process.env.STORE);
const { auditKeysFromPrivateKey } = require(process.env.SIGNING);
const keys = auditKeysFromPrivateKey(createPrivateKey(process.env.KEY));
const store = new CheckpointStore(process.env.DIR);
(async () => {
  for (let seq = 1; seq <= Number(process.env.COUNT); seq++) {
    const head = seq.toString(16).padStart(64, '0');
    await store.append([keys.sign({ chain: process.env.CHAIN, seq, head, at: '2026-11-22T09:00:00.000Z' })]);
  }
})().catch((e) => { process.stderr.write(String(e.stack)); process.exit(1); });
`;

function writer(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['-e', WRITER], { env: { PATH: process.env.PATH ?? '', STORE, SIGNING, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

describe('checkpoint store shared by two processes', () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(STORE)) throw new Error(`${STORE} is missing: run "npm run build" (npm test does it)`);
    dir = join(mkdtempSync(join(tmpdir(), 'onramp-checkpoint-writers-')), 'audit-checkpoints');
  });
  afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('keeps every line whole when both append to the same day file at once', async () => {
    const key = generateKeyPairSync('ed25519').privateKey;
    const keys = auditKeysFromPrivateKey(key);
    const pem = key.export({ format: 'pem', type: 'pkcs8' }).toString();
    const COUNT = 200;

    const results = await Promise.all([
      writer({ KEY: pem, DIR: dir, CHAIN: 'RH8', COUNT: String(COUNT) }),
      writer({ KEY: pem, DIR: dir, CHAIN: 'RX1', COUNT: String(COUNT) }),
    ]);
    const read = await new CheckpointStore(dir).readLatest(keys);
    const lines = readFileSync(join(dir, checkpointFileName('2026-11-22T09:00:00.000Z')), 'utf8').split('\n');

    expect(results).toEqual([
      { code: 0, stderr: '' },
      { code: 0, stderr: '' },
    ]);
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(2 * COUNT);
    expect(read.problems).toEqual([]);
    expect(read.valid).toBe(2 * COUNT);
    expect([...read.latest].map(([chain, c]) => [chain, c.seq]).sort()).toEqual([
      ['RH8', COUNT],
      ['RX1', COUNT],
    ]);
  });
});
