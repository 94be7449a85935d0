import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, startServer, type Started } from '../support/server-process';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database';

/**
 * The README invites running the CLI beside the server on the embedded SQLite file. Several
 * processes writing one file must wait for each other (transactions begin immediate, with a busy
 * timeout and a bounded retry), never fail with "database is locked".
 */
const kinds = testDatabaseKinds().filter((k) => k === 'sqlite');

describe.each(kinds)('several processes writing one %s file', () => {
  let db: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  const servers: Started[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    dataDir = mkdtempSync(join(tmpdir(), 'onramp-two-'));
    env = { DATABASE_URL: `sqlite:${(db.url as { path: string }).path}`, ONRAMP_DATA_DIR: dataDir, ONRAMP_MAIL_WORKER_INTERVAL_MS: '50' };
    servers.push(await startServer(['--migrate', '--demo'], env));
    servers.push(await startServer([], { ...env, ONRAMP_ADMIN_TOKEN: readFileSync(join(dataDir, 'admin-token'), 'utf8').trim() }));
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await db?.drop();
  });

  const cli = (...args: string[]) =>
    new Promise<{ status: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('exit', (status) => resolve({ status, output }));
    });

  it('lets two servers and the CLI write at once without a single failure', async () => {
    const admin = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    const write = async (server: Started, i: number) => {
      const ods = `SP${server.port % 1000}${i}`.slice(0, 9);
      const base = `http://127.0.0.1:${server.port}/api/v1`;
      const headers = { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' };
      const statuses: number[] = [];
      let r = await fetch(`${base}/organisations`, { method: 'POST', headers, body: JSON.stringify({ odsCode: ods, name: `Trust ${ods}`, type: 'acute' }) });
      statuses.push(r.status);
      r = await fetch(`${base}/organisations/${ods}/people`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'Alex Lead', email: `lead.${ods.toLowerCase()}@example.nhs.uk`, role: 'implementation-lead' }),
      });
      statuses.push(r.status);
      r = await fetch(`${base}/tokens`, { method: 'POST', headers, body: JSON.stringify({ organisation: ods, role: 'viewer', label: `viewer ${ods}` }) });
      statuses.push(r.status);
      return statuses;
    };
    const clis = Promise.all([cli('mail:deliver'), cli('mail:scan-reminders'), cli('mail:deliver')]);
    const writes = await Promise.all(Array.from({ length: 40 }, (_, i) => write(servers[i % 2], i)));
    const cliResults = await clis;

    expect(writes.flat().filter((s) => s >= 500)).toEqual([]);
    expect(writes.flat()).toEqual(Array(120).fill(201));
    for (const r of cliResults) expect({ status: r.status, locked: /database is locked|SQLITE_BUSY/.test(r.output) }).toEqual({ status: 0, locked: false });
    for (const s of servers) expect(s.output()).not.toMatch(/database is locked|SQLITE_BUSY|unhandled error/);
    const verify = await cli('audit', 'verify');
    expect({ status: verify.status, broken: verify.output.split('\n').filter((l) => /BROKEN/.test(l)) }).toEqual({ status: 0, broken: [] });
  });
});
