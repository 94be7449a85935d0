// The workloads of `npm run bench` that go through HTTP to the built server on SQLite, each beside
// a floor measured in the same run on the same file or server:
// - step commands (state, events, audit, outbox, read models in one transaction) against single-row
//   commits on the same SQLite file;
// - the readiness read against the health route;
// - what one 50-step run stores.
// `npm run build && node dist/test/bench/http-workloads.js` runs them alone.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openDatabase, SQLITE_BUSY_TIMEOUT_MS } from '../../apps/onramp/src/platform/database/orm.config';
import { inTransaction } from '../../apps/onramp/src/platform/database/sql-executor';
import { SCHEMA } from '../../apps/onramp/src/schema';
import { reportLimit, reportRate } from './figures';
import { getJson, load, type LoadResult, type Target } from './http-load';
import { benchEnvironment, machineLoad } from './processes';
import { startServer } from '../support/server-process';

const CLIENTS = 8;

export interface HttpFigures {
  health: LoadResult;
  readiness: LoadResult;
  commands: LoadResult;
  commitsPerSecond: number;
  /** The same single-row commits through Onramp's own database layer (MikroORM's connection, `begin immediate`, awaited), which every command goes through. */
  layerCommitsPerSecond: number;
  storedRun: { steps: number; bytes: number; readModelBytes: number; runs: number };
}

/** Single-row commits per second on `file`, as Onramp opens it (WAL, the same busy timeout), each in its own `begin immediate` transaction. */
export function sqliteCommitFloor(file: string, commits = 5000): number {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = wal');
    db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    db.exec('create table bench_floor (id integer primary key, value text not null)');
    const begin = db.prepare('begin immediate');
    const insert = db.prepare('insert into bench_floor (value) values (?)');
    const commit = db.prepare('commit');
    const round = (n: number) => {
      const started = performance.now();
      for (let i = 0; i < n; i++) {
        begin.run();
        insert.run(`row ${i}`);
        commit.run();
      }
      return (n / (performance.now() - started)) * 1000;
    };
    round(500);
    return round(commits);
  } finally {
    db.exec('drop table if exists bench_floor');
    db.close();
  }
}

/** Single-row commits per second on `file` through the database layer the commands use: a MikroORM transaction (`begin immediate` on SQLite) holding one insert. */
export async function layerCommitFloor(file: string, commits = 3000): Promise<number> {
  const orm = await openDatabase({ kind: 'sqlite', path: file }, SCHEMA);
  try {
    const connection = orm.em.getConnection();
    await connection.execute('drop table if exists bench_layer_floor');
    await connection.execute('create table bench_layer_floor (id integer primary key, value text not null)');
    const round = async (n: number) => {
      const started = performance.now();
      for (let i = 0; i < n; i++) await inTransaction(orm, 'sqlite', (sql) => sql.execute('insert into bench_layer_floor (value) values (?)', [`row ${i}`]));
      return (n / (performance.now() - started)) * 1000;
    };
    await round(300);
    const rate = await round(commits);
    await connection.execute('drop table bench_layer_floor');
    return rate;
  } finally {
    await orm.close();
  }
}

/** The demo's tokens, by "<ODS> <role>" (and "national-team"), from the file the demo loader writes. */
function demoTokens(dataDir: string): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const m of readFileSync(join(dataDir, 'demo-tokens.txt'), 'utf8').matchAll(/^([\w-]+(?: [\w-]+)?)(?: \([^)]*\))?: (onr_\S+)$/gm)) tokens.set(m[1], m[2]);
  return tokens;
}

/** What the stored runs of the database take: the run row (its state and columns) and its per-step read-model rows. */
function storedRunBytes(file: string): HttpFigures['storedRun'] {
  const db = new Database(file, { readonly: true });
  try {
    const runs = db
      .prepare(
        `select r.organisation, length(cast(r.state as blob)) + length(r.id) + length(r.organisation) + length(r.go_live_date) + length(r.checklist_hash) + 16 as bytes,
                (select count(*) from onboarding_steps s where s.organisation = r.organisation) as steps
         from onboarding_runs r order by steps desc`,
      )
      .all() as { organisation: string; bytes: number; steps: number }[];
    const largest = runs[0];
    const readModel = db
      .prepare(
        `select sum(length(step_id) + length(organisation) + length(run_id) + length(title) + length(area) + length(owner_role) + length(status) + length(due_date) + length(added_by)
                    + coalesce(length(assignee_id), 0) + coalesce(length(sign_off_role), 0) + coalesce(length(settled_at), 0) + 4 * 8) as bytes
         from onboarding_steps where organisation = ?`,
      )
      .get(largest.organisation) as { bytes: number };
    return { steps: largest.steps, bytes: largest.bytes, readModelBytes: readModel.bytes, runs: runs.length };
  } finally {
    db.close();
  }
}

export async function measureHttpWorkloads(): Promise<HttpFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'onramp-bench-http-'));
  const file = join(dir, 'onramp.sqlite');
  try {
    const server = await startServer(['--migrate', '--demo'], benchEnvironment(dir, `sqlite:${file}`));
    const port = server.port;
    let health: LoadResult, readiness: LoadResult, commands: LoadResult;
    try {
      const tokens = demoTokens(join(dir, 'data'));
      const lead: Target = { baseUrl: `http://127.0.0.1:${port}`, token: tokens.get('DEMO1 implementation-lead')! };
      const run = await getJson<{ steps: { id: string }[] }>(lead, '/api/v1/organisations/DEMO1/onboarding');
      const people = (await getJson<{ items: { id: string }[] }>(lead, '/api/v1/organisations/DEMO1/people')).items.map((p) => p.id);

      // Reads first, on a quiet server; each twice, alternating, best of two, so neither gets the quieter moment.
      const healthRound = () => load(lead, { clients: CLIENTS, requests: 4000, warmUp: 500, next: () => ({ method: 'GET', path: '/api/v1/health' }) });
      const readinessRound = () =>
        load(lead, { clients: CLIENTS, requests: 4000, warmUp: 500, next: () => ({ method: 'GET', path: '/api/v1/organisations/DEMO1/readiness' }) });
      const best = (a: LoadResult, b: LoadResult) => (a.perSecond >= b.perSecond ? a : b);
      const h1 = await healthRound();
      const r1 = await readinessRound();
      health = best(h1, await healthRound());
      readiness = best(r1, await readinessRound());

      // Assignments cycle through the steps and people: every one changes the run, notifies the new assignee and updates the read models.
      commands = await load(lead, {
        clients: CLIENTS,
        requests: 2000,
        warmUp: 200,
        next: (i) => ({
          method: 'POST',
          path: `/api/v1/organisations/DEMO1/onboarding/steps/${run.steps[i % run.steps.length].id}/assign`,
          body: { personId: people[i % people.length] },
        }),
      });
    } finally {
      await server.stop();
    }
    return {
      health,
      readiness,
      commands,
      commitsPerSecond: sqliteCommitFloor(file),
      layerCommitsPerSecond: await layerCommitFloor(file),
      storedRun: storedRunBytes(file),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function reportHttpWorkloads(f: HttpFigures) {
  const c = f.commands;
  reportRate(
    `step commands over HTTP, SQLite, ${c.clients} clients`,
    c.perSecond,
    f.commitsPerSecond,
    0.15,
    `floor: single-row commits on the same file; p50 ${c.p50Ms.toFixed(1)} ms; ${machineLoad()}`,
  );
  reportRate(
    `step commands over HTTP, SQLite, ${c.clients} clients`,
    c.perSecond,
    f.layerCommitsPerSecond,
    0.15,
    `floor: the same single-row commits through Onramp's database layer (MikroORM, begin immediate); the health route answers ${f.health.perSecond.toFixed(0)}/s`,
  );
  reportLimit(`step commands p99, ${c.clients} clients`, c.p99Ms, 50, 'ms');
  reportRate(
    `readiness read over HTTP, ${f.readiness.clients} clients`,
    f.readiness.perSecond,
    f.health.perSecond,
    0.4,
    `floor: the health route; p50 ${f.readiness.p50Ms.toFixed(1)} ms`,
  );
  reportLimit(`readiness read p99, ${f.readiness.clients} clients`, f.readiness.p99Ms, 10, 'ms', `health route p99 ${f.health.p99Ms.toFixed(1)} ms`);
  reportLimit(
    `stored bytes of a ${f.storedRun.steps}-step run`,
    f.storedRun.bytes,
    8192,
    'B',
    `its run row; its per-step read-model rows add ~${f.storedRun.readModelBytes} B; definitions are stored once per checklist`,
  );
}

if (require.main === module) {
  measureHttpWorkloads().then(reportHttpWorkloads, (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
