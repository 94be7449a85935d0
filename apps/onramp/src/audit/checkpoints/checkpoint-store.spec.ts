import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditKeysFromPrivateKey, checkpointToLine, type CheckpointStatement } from '../domain/audit-signing';
import { CheckpointStore, checkpointFileName } from './checkpoint-store';

const keys = auditKeysFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
const head = (n: number) => n.toString(16).padStart(64, '0');
const at = (day: string, n = 0) => `${day}T09:00:${String(n % 60).padStart(2, '0')}.000Z`;
const statement = (chain: string, seq: number, when = at('2026-11-22')): CheckpointStatement => ({ chain, seq, head: head(seq), at: when });

let root: string;
let dir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'onramp-checkpoints-'));
  dir = join(root, 'audit-checkpoints');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('CheckpointStore', () => {
  it('creates the directory 700 and one file per UTC day of the checkpoints, 600, as JSON lines', async () => {
    const store = new CheckpointStore(dir);
    const first = keys.sign(statement('RH8', 1, at('2026-11-22')));
    const second = keys.sign(statement('RH8', 2, '2026-11-23T00:00:00.000Z'));

    await store.append([first, second]);

    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir).sort()).toEqual(['audit-checkpoints-2026-11-22.jsonl', 'audit-checkpoints-2026-11-23.jsonl']);
    for (const file of readdirSync(dir)) expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, checkpointFileName(first.at)), 'utf8')).toBe(`${checkpointToLine(first)}\n`);
  });

  it('appends to an existing day file and never rewrites what is there', async () => {
    const store = new CheckpointStore(dir);
    const first = keys.sign(statement('RH8', 1));
    const second = keys.sign(statement('RX1', 1));

    await store.append([first]);
    await store.append([second]);

    expect(readFileSync(join(dir, checkpointFileName(first.at)), 'utf8')).toBe(`${checkpointToLine(first)}\n${checkpointToLine(second)}\n`);
  });

  it('returns the checkpoint with the highest seq per chain, whatever the order of files and lines', async () => {
    const store = new CheckpointStore(dir);
    await store.append([
      keys.sign(statement('RH8', 7, at('2026-11-23'))),
      keys.sign(statement('RH8', 9, at('2026-11-22'))),
      keys.sign(statement('RH8', 8, at('2026-11-24'))),
      keys.sign(statement('*', 3, at('2026-11-22'))),
    ]);

    const read = await store.readLatest(keys);

    expect(read.problems).toEqual([]);
    expect(read).toMatchObject({ valid: 4, files: 3 });
    expect([...read.latest.keys()].sort()).toEqual(['*', 'RH8']);
    expect(read.latest.get('RH8')).toMatchObject({ seq: 9, head: head(9) });
    expect(read.latest.get('*')).toMatchObject({ seq: 3 });
  });

  it('finds nothing, and reports nothing, when the directory does not exist yet', async () => {
    expect(await new CheckpointStore(join(root, 'never-created')).readLatest(keys)).toEqual({ latest: new Map(), problems: [], valid: 0, files: 0 });
  });

  it('keeps every line when two writers append to the same directory at once', async () => {
    // Two stores, as two processes would have: separate descriptors, writes racing on the thread pool.
    const a = new CheckpointStore(dir);
    const b = new CheckpointStore(dir);
    const rounds = 60;
    const writes: Promise<void>[] = [];
    for (let i = 1; i <= rounds; i++) {
      writes.push(a.append([keys.sign(statement('RH8', i)), keys.sign(statement('RX1', i))]));
      writes.push(b.append([keys.sign(statement('RH9', i)), keys.sign(statement('RX2', i))]));
    }
    await Promise.all(writes);

    const lines = readFileSync(join(dir, checkpointFileName(at('2026-11-22'))), 'utf8').split('\n');
    const read = await new CheckpointStore(dir).readLatest(keys);

    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(4 * rounds);
    expect(read.problems).toEqual([]);
    expect(read.valid).toBe(4 * rounds);
    expect(Object.fromEntries([...read.latest].map(([chain, c]) => [chain, c.seq]))).toEqual({ RH8: rounds, RX1: rounds, RH9: rounds, RX2: rounds });
  });

  it('reports and skips corrupt lines, a torn last line and lines that are not checkpoints, and still reads the rest', async () => {
    const store = new CheckpointStore(dir);
    const good = keys.sign(statement('RH8', 4));
    await store.append([keys.sign(statement('RH8', 3))]);
    const file = join(dir, checkpointFileName(good.at));
    appendFileSync(file, 'garbage that is not json\n');
    appendFileSync(file, `${JSON.stringify({ hello: 'world' })}\n`);
    appendFileSync(file, `${checkpointToLine(good)}\n`);
    appendFileSync(file, checkpointToLine(keys.sign(statement('RH8', 5))).slice(0, 80)); // a write torn by a crash

    const read = await store.readLatest(keys);

    expect(read.latest.get('RH8')).toEqual(good);
    expect(read.valid).toBe(2);
    expect(read.problems).toEqual([
      { file: 'audit-checkpoints-2026-11-22.jsonl', line: 2, problem: 'not a checkpoint (not JSON); ignored' },
      { file: 'audit-checkpoints-2026-11-22.jsonl', line: 3, problem: expect.stringMatching(/^not a checkpoint \(chain must be/) },
      { file: 'audit-checkpoints-2026-11-22.jsonl', line: 5, problem: 'not a checkpoint (not JSON); ignored' },
    ]);
  });

  it('reads one chain without checking the signatures of the others', async () => {
    const store = new CheckpointStore(dir);
    const stranger = auditKeysFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
    const ours = keys.sign(statement('RH8', 3));
    await store.append([keys.sign(statement('RX1', 4)), stranger.sign(statement('RX1', 5)), ours, stranger.sign(statement('RH8', 6))]);
    const checked: string[] = [];
    const counting = {
      ...keys,
      verifyCheckpoint: (c: Parameters<typeof keys.verifyCheckpoint>[0]) => (checked.push(c.chain), keys.verifyCheckpoint(c)),
    };

    const read = await store.readLatest(counting, 'RH8');

    expect([...read.latest.entries()]).toEqual([['RH8', ours]]);
    expect(checked).toEqual(['RH8', 'RH8']);
    expect(read.problems).toEqual([
      expect.objectContaining({ line: 4, problem: expect.stringMatching(/^the checkpoint for chain RH8 at entry 6 was signed by key/) }),
    ]);
    expect(read.valid).toBe(1);
  });

  it('reports and skips a checkpoint signed by another key, even one with a higher seq', async () => {
    const store = new CheckpointStore(dir);
    const stranger = auditKeysFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
    const ours = keys.sign(statement('RH8', 3));
    await store.append([ours, stranger.sign(statement('RH8', 99))]);

    const read = await store.readLatest(keys);

    expect(read.latest.get('RH8')).toEqual(ours);
    expect(read.problems).toEqual([
      {
        file: 'audit-checkpoints-2026-11-22.jsonl',
        line: 2,
        problem: `the checkpoint for chain RH8 at entry 99 was signed by key ${stranger.keyId}, not the configured key ${keys.keyId}; ignored`,
      },
    ]);
  });

  it('reports and skips a checkpoint whose fields were edited after signing', async () => {
    const store = new CheckpointStore(dir);
    const signed = keys.sign(statement('RH8', 3));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, checkpointFileName(signed.at)), `${checkpointToLine({ ...signed, seq: 30 })}\n`);

    const read = await store.readLatest(keys);

    expect(read.latest.size).toBe(0);
    expect(read.problems).toEqual([
      {
        file: 'audit-checkpoints-2026-11-22.jsonl',
        line: 1,
        problem: 'the checkpoint for chain RH8 at entry 30 has a signature that does not verify; ignored',
      },
    ]);
  });

  it('reports two signed checkpoints that name different heads for the same entry', async () => {
    const store = new CheckpointStore(dir);
    const first = keys.sign(statement('RH8', 3));
    await store.append([first, keys.sign({ ...statement('RH8', 3), head: 'e'.repeat(64) }), keys.sign(statement('RH8', 3))]);

    const read = await store.readLatest(keys);

    expect(read.latest.get('RH8')).toEqual(first);
    expect(read.problems).toEqual([
      {
        file: 'audit-checkpoints-2026-11-22.jsonl',
        line: 2,
        problem:
          'chain RH8 has two signed checkpoints at entry 3 naming different heads (the other is at audit-checkpoints-2026-11-22.jsonl:1); the first is used',
      },
    ]);
  });

  it('reports an unreadable file instead of failing, and reads the others', async () => {
    const store = new CheckpointStore(dir);
    await store.append([keys.sign(statement('RH8', 1, at('2026-11-21'))), keys.sign(statement('RH8', 2, at('2026-11-22')))]);
    // A directory where a day file should be: unreadable as a file whoever runs the test (root ignores chmod).
    mkdirSync(join(dir, 'audit-checkpoints-2026-11-23.jsonl'));

    const read = await store.readLatest(keys);

    expect(read.latest.get('RH8')).toMatchObject({ seq: 2 });
    expect(read.problems).toEqual([
      { file: 'audit-checkpoints-2026-11-23.jsonl', line: null, problem: 'the file cannot be read (EISDIR); its checkpoints were skipped' },
    ]);
  });

  it('ignores files that are not day files', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'README.txt'), 'not a checkpoint');

    expect(await new CheckpointStore(dir).readLatest(keys)).toMatchObject({ files: 0, problems: [] });
  });

  it('refuses to store something that is not a signed checkpoint, writing nothing', async () => {
    const store = new CheckpointStore(dir);
    const bad = { ...keys.sign(statement('RH8', 1)), chain: 'RH8\n' };

    await expect(store.append([keys.sign(statement('RH8', 2)), bad])).rejects.toThrow('refusing to store an audit checkpoint');
    expect(() => readdirSync(dir)).toThrow(/ENOENT/);
  });
});
