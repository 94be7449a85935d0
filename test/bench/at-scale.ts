// The figures of `npm run bench` that need every provider in England: 10,000 organisations with
// runs, seeded into a SQLite file, then the built server and CLI run against it as an operator
// runs them:
// - the national portfolio (HTML, JSON, CSV) against reading the same rows and rendering them
//   with a precompiled Handlebars table (or JSON.stringify, or a CSV join) in this process;
// - the server's peak RSS over those requests;
// - the time from spawning the server to it listening on the migrated database;
// - one CLI command, end to end;
// - the idle server's RSS.
// `npm run build && node dist/test/bench/at-scale.js` runs them alone.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import Handlebars from 'handlebars';
import { loadConfig } from '../../apps/onramp/src/shared/config/app-config';
import { reportDuration, reportLimit } from './figures';
import { benchEnvironment, machineLoad, median, runCli, sampleProcess } from './processes';
import { startServer, type Started } from '../support/server-process';
import { seededOdsCode, seedOrganisations } from './seed-organisations';

const ORGANISATIONS = Number(process.env.ONRAMP_BENCH_ORGANISATIONS ?? 10_000);
type Format = 'html' | 'json' | 'csv';
const FORMATS: Format[] = ['html', 'json', 'csv'];

export interface ScaleFigures {
  organisations: number;
  seedMs: number;
  portfolio: Record<Format, { ms: number; floorMs: number; bytes: number }>;
  peakRssMb: number;
  readyMs: number[];
  cli: { name: string; ms: number[] }[];
  idle: { rssMb: number; afterSeconds: number };
}

/** One GET, its whole body; it must answer 200. */
function get(baseUrl: string, path: string, token: string): Promise<{ ms: number; body: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(`${baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` }, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString();
          if (res.statusCode !== 200) reject(new Error(`GET ${path} answered ${res.statusCode}: ${body.slice(0, 300)}`));
          else resolve({ ms: performance.now() - started, body });
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** How many organisations a portfolio answer lists: a fast answer that lists fewer measured nothing. */
function rowsIn(format: Format, body: string): number {
  if (format === 'json') return (JSON.parse(body) as { organisations: unknown[] }).organisations.length;
  if (format === 'csv') return body.trimEnd().split('\n').length - 1;
  return body.match(/<span class="step-id">/g)?.length ?? 0;
}

/** The portfolio's table with the same columns and the same words (dates and labels formatted), precompiled, with nothing else: no layout, checks or summary. */
const floorHandlebars = Handlebars.create();
const ukDay = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const days = new Map<string, string>();
floorHandlebars.registerHelper('day', (d: string | null) => (d === null ? '' : (days.get(d) ?? days.set(d, ukDay.format(new Date(`${d}T00:00:00Z`))).get(d)!)));
floorHandlebars.registerHelper('label', (v: string | null) => (v === null ? '' : v.charAt(0).toUpperCase() + v.slice(1).replace(/-/g, ' ')));
const FLOOR_TABLE = floorHandlebars.compile(
  `<table><thead><tr><th>Organisation</th><th>Type</th><th>Go-live</th><th>Readiness</th><th>Gate</th><th>Forecast finish</th><th>Overdue</th></tr></thead><tbody>
{{#each rows}}<tr><td>{{name}}<span>{{ods_code}}</span></td><td>{{label type}}</td><td>{{day go_live_date}}</td><td>{{score}}% <span class="tag tag-{{rag}}">{{label rag}}</span></td><td>{{#if gate_go}}Go{{else}}No-go {{gate_open}} open{{/if}}</td><td>{{day forecast_completion}}</td><td>{{overdue}} {{overdue_gate}}</td></tr>
{{/each}}</tbody></table>`,
  { knownHelpers: { day: true, label: true }, knownHelpersOnly: true },
);

/** The least a portfolio answer must do: read every organisation's row and summary from the file, and write them out. */
function portfolioFloor(file: string, format: Format): number {
  const db = new Database(file, { readonly: true });
  try {
    const select = db.prepare(
      `select o.ods_code, o.name, o.type, s.go_live_date, s.score, s.rag, s.gate_go, s.gate_open, s.forecast_completion, s.overdue, s.overdue_gate
       from organisations o left join readiness_summaries s on s.organisation = o.ods_code order by coalesce(s.rag_rank, 3), coalesce(s.forecast_slack_days, -100000), o.name`,
    );
    const once = () => {
      const started = performance.now();
      const rows = select.all() as Record<string, unknown>[];
      const out = format === 'html' ? FLOOR_TABLE({ rows }) : format === 'json' ? JSON.stringify(rows) : rows.map((r) => Object.values(r).join(',')).join('\n');
      if (out.length === 0) throw new Error('the floor rendered nothing');
      return performance.now() - started;
    };
    once();
    once(); // warm-ups, as the server's were
    return Math.min(once(), once(), once());
  } finally {
    db.close();
  }
}

/**
 * The floor in a fresh process of its own, as the server is: in this one, the heap the seeding
 * left behind made its time swing between 24 and 64 ms from run to run.
 */
function floorInOwnProcess(file: string, format: Format): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--floor', file, format], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (ms) => resolve(Number(ms)));
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`the ${format} floor exited with ${code}`))));
  });
}

/** Samples the server every second until its CPU has been quiet for five seconds (and V8's memory reducer has had its time), then returns its RSS. */
async function idleRss(server: Started, atLeastSeconds = 20, atMostSeconds = 120): Promise<{ rssMb: number; afterSeconds: number }> {
  const pid = server.child.pid!;
  const cpu: number[] = [];
  for (let s = 1; s <= atMostSeconds; s++) {
    await delay(1000);
    const sample = sampleProcess(pid);
    cpu.push(sample.cpuMs);
    const quiet = cpu.length > 5 && cpu.at(-1)! - cpu.at(-6)! <= 50;
    if (s >= atLeastSeconds && quiet) return { rssMb: sample.rssMb, afterSeconds: s };
  }
  throw new Error(`the server never went quiet in ${atMostSeconds} s: CPU ms by second ${cpu.join(', ')}`);
}

export async function measureAtScale(count = ORGANISATIONS): Promise<ScaleFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'onramp-bench-scale-'));
  const file = join(dir, 'onramp.sqlite');
  const adminToken = randomBytes(24).toString('hex');
  try {
    const env = { ...benchEnvironment(dir, `sqlite:${file}`), ONRAMP_ADMIN_TOKEN: adminToken };
    const seeded = await seedOrganisations(loadConfig(env), count);

    // Start-up on the migrated database: three starts, the first of which also warms the compile cache.
    const readyMs: number[] = [];
    let server: Started | null = null;
    for (let i = 0; i < 3; i++) {
      await server?.stop();
      server = await startServer([], env);
      readyMs.push(server.readyMs);
    }
    const running = server!;
    try {
      const idle = await idleRss(running);
      const baseUrl = `http://127.0.0.1:${running.port}`;
      const portfolio = {} as ScaleFigures['portfolio'];
      for (const format of FORMATS) {
        const path = `/api/v1/reports/portfolio?format=${format}`;
        // Two warm-ups (the first request compiles and optimises what it runs), then the best of five (the floor: of three).
        const answers = [];
        for (let i = 0; i < 7; i++) answers.push(await get(baseUrl, path, adminToken));
        const listed = rowsIn(format, answers[0].body);
        if (listed !== count) throw new Error(`the ${format} portfolio lists ${listed} organisations, not ${count}`);
        portfolio[format] = {
          ms: Math.min(...answers.slice(2).map((a) => a.ms)),
          floorMs: await floorInOwnProcess(file, format),
          bytes: Buffer.byteLength(answers[0].body),
        };
      }
      const peakRssMb = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${running.child.pid}/status`, 'utf8'))?.[1]) / 1024;
      // CLI commands against the same database while the server runs, as an operator would.
      const cli: ScaleFigures['cli'] = [];
      for (const args of [['migrate:status'], ['audit', 'verify', seededOdsCode(0)]]) {
        const ms: number[] = [];
        for (let i = 0; i < 5; i++) ms.push((await runCli(args, env)).ms);
        cli.push({ name: args.join(' '), ms });
      }
      return { organisations: count, seedMs: seeded.ms, portfolio, peakRssMb, readyMs, cli, idle };
    } finally {
      await running.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function reportAtScale(f: ScaleFigures) {
  process.stdout.write(`(${f.organisations} organisations seeded in ${(f.seedMs / 1000).toFixed(0)} s; ${machineLoad()})\n`);
  for (const format of FORMATS) {
    const p = f.portfolio[format];
    reportDuration(
      `national portfolio, ${f.organisations} organisations, ${format}`,
      p.ms,
      p.floorMs,
      2,
      `floor: the same rows read and ${format === 'html' ? 'rendered as the same table by precompiled Handlebars' : format === 'json' ? 'JSON.stringify' : 'joined as CSV'}; ${(p.bytes / 1e6).toFixed(1)} MB`,
    );
  }
  reportLimit(`server peak RSS over the portfolio requests`, f.peakRssMb, 300, 'MB', 'VmHWM, start-up included');
  reportLimit(
    `server ready on the migrated database (median of 3)`,
    median(f.readyMs),
    1500,
    'ms',
    `each: ${f.readyMs.map((m) => m.toFixed(0)).join(', ')} ms`,
  );
  for (const c of f.cli)
    reportLimit(`one CLI command: ${c.name} (median of ${c.ms.length})`, median(c.ms), 1000, 'ms', `each: ${c.ms.map((m) => m.toFixed(0)).join(', ')} ms`);
  reportLimit(`idle server RSS, ${f.organisations} organisations`, f.idle.rssMb, 150, 'MB', `after ${f.idle.afterSeconds} s with the CPU quiet`);
}

if (require.main === module && process.argv[2] === '--floor') {
  process.send!(portfolioFloor(process.argv[3], process.argv[4] as Format), () => process.exit(0));
} else if (require.main === module) {
  measureAtScale().then(reportAtScale, (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
