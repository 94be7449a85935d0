// The email workload of `npm run bench`: 10,000 guidance emails queued in the outbox of a SQLite
// database by the application's own commands and reminder scan, then delivered by the built server
// (pooled SMTP, delivery jobs) to a local SMTP server, against a floor measured in the same run:
// the same messages, read from the outbox rows, sent by raw pooled nodemailer with the same pool
// size to the same kind of server.
//
// Both senders run in a process of their own and the SMTP server runs in this one, so neither
// shares a core with the server it sends to. Both are timed alike: from the sender's first
// connection to the SMTP server until the server has accepted every queued Message-ID. A message
// never received is lost; one received twice is a duplicate.
// `npm run build && node dist/test/bench/emails.js` runs it alone.
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { CommandBus } from '@nestjs/cqrs';
import { ReminderScan } from '../../apps/onramp/src/notifications/jobs/reminder-scan';
import { DELIVERABLE_COLUMNS, deliverableFrom, mailOptions, SMTP_POOL, type DeliverableRow } from '../../apps/onramp/src/notifications/mail/mail-transport';
import { StartOnboarding } from '../../apps/onramp/src/onboarding/commands/start-onboarding/start-onboarding.command';
import { AddPerson, RegisterOrganisation } from '../../apps/onramp/src/organisations';
import { loadConfig, type AppConfig } from '../../apps/onramp/src/shared/config/app-config';
import { addDays, toIsoDate } from '../../apps/onramp/src/shared/domain/clock';
import { PERSON_ROLES, type CommandMeta, type PersonRole } from '../../apps/onramp/src/shared/domain/roles';
import { reportLimit, reportRate } from './figures';
import { benchEnvironment, machineLoad, sampleProcess } from './processes';
import { startServer } from '../support/server-process';
import { migratedApplication } from './seed-organisations';

const EMAILS = 10_000;
/** People per role in each organisation: each is welcomed, and each is reminded of the steps their role owns. */
const PEOPLE_PER_ROLE = 4;
const MAIL_FROM = 'Onramp <onramp@onramp.example.nhs.uk>';
/** The product's default pool size (ONRAMP_SMTP_MAX_CONNECTIONS); the floor uses the same. */
const MAX_CONNECTIONS = 5;

export interface DeliveryRun {
  messages: number;
  ms: number;
  perSecond: number;
  lost: number;
  duplicates: number;
  /** Accepted messages whose Message-ID was not among those queued. */
  unexpected: number;
  connections: number;
  /** The sender's CPU time (user + system) from its first connection until the last message was accepted, per message. */
  cpuMsPerEmail: number;
}

export interface EmailFigures {
  queued: number;
  queueMs: number;
  server: DeliveryRun & { outboxSent: number };
  floor: DeliveryRun;
  load: string;
  totalMs: number;
}

/**
 * An SMTP server that accepts everything and records each message's Message-ID, and nothing else
 * (no parsing beyond the header line), so it costs both senders the same and little.
 */
class CountingSink {
  private server: SMTPServer | null = null;
  private readonly seen = new Map<string, number>();
  private firstConnectionAt: number | null = null;
  private lastAcceptedAt = 0;
  private remaining: Set<string>;
  private done: (() => void) | null = null;
  private connections = 0;
  unexpected = 0;
  port = 0;
  /** Called once, when the first sender connects. */
  onFirstConnection: () => void = () => undefined;

  constructor(private readonly expected: ReadonlySet<string>) {
    this.remaining = new Set(expected);
  }

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 100,
      size: 10 * 1024 * 1024,
      onConnect: (_session, callback) => {
        this.connections++;
        if (this.firstConnectionAt === null) {
          this.firstConnectionAt = performance.now();
          this.onFirstConnection();
        }
        callback();
      },
      onData: (stream, _session, callback) => {
        let head = '';
        stream.on('data', (chunk: Buffer) => {
          if (head.length < 64 * 1024 && !head.includes('\r\n\r\n')) head += chunk.toString('latin1');
        });
        stream.on('end', () => {
          const id = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(head.slice(0, head.indexOf('\r\n\r\n') >>> 0))?.[1] ?? '';
          this.seen.set(id, (this.seen.get(id) ?? 0) + 1);
          if (!this.expected.has(id)) this.unexpected++;
          this.remaining.delete(id);
          this.lastAcceptedAt = performance.now();
          callback();
          if (this.remaining.size === 0) this.done?.();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as { port: number }).port;
    return this;
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Resolves once every expected Message-ID has arrived, or after `timeoutMs` with what arrived by then. */
  whenAllReceived(timeoutMs: number): Promise<void> {
    if (this.remaining.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.done = () => (clearTimeout(timer), resolve());
    });
  }

  result(): Omit<DeliveryRun, 'cpuMsPerEmail'> {
    const messages = this.expected.size;
    const ms = this.firstConnectionAt === null ? Infinity : this.lastAcceptedAt - this.firstConnectionAt;
    let duplicates = 0;
    for (const [id, n] of this.seen) if (this.expected.has(id)) duplicates += n - 1;
    return {
      messages,
      ms,
      perSecond: (messages / ms) * 1000,
      lost: this.remaining.size,
      duplicates,
      unexpected: this.unexpected,
      connections: this.connections,
    };
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const meta = (role: 'admin' | 'implementation-lead'): CommandMeta => ({
  actor: { id: `bench-${role}`, role, label: `bench ${role}` },
  correlationId: `bench-${Math.random().toString(36).slice(2)}`,
});

const countOutbox = (file: string, status: 'pending' | 'sent') => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`select count(*) as n from outbox_messages where status = ?`).get(status) as { n: number }).n;
  } finally {
    db.close();
  }
};

/**
 * Queues exactly `EMAILS` emails through the application's own code in this process (background
 * jobs off, so nothing is sent): organisations with people in every role (each person is welcomed)
 * and a checklist due in five days, whose daily reminder scan then queues a due-soon or overdue
 * reminder per step for each person holding the step's role; then people are added to the last
 * organisation, one welcome each, until the outbox holds exactly `EMAILS` messages.
 */
async function queueEmails(config: AppConfig, file: string): Promise<void> {
  const app = await migratedApplication(config);
  try {
    const bus = app.get(CommandBus);
    const scan = app.get(ReminderScan);
    const now = new Date();
    let people = 0;
    const addPerson = (ods: string, role: PersonRole) => {
      const n = people++;
      return bus.execute(new AddPerson(ods, `Alex ${role} ${n}`, `${role}.${n}@trust${ods.toLowerCase()}.example.nhs.uk`, role, meta('implementation-lead')));
    };
    let perOrganisation = 0;
    let queued = 0;
    let ods = '';
    for (let i = 0; queued + perOrganisation <= EMAILS; i++) {
      ods = `QB${String(i).padStart(4, '0')}`;
      await bus.execute(new RegisterOrganisation(ods, `Bench acute trust ${ods}`, 'acute', meta('admin')));
      for (const role of PERSON_ROLES) for (let k = 0; k < PEOPLE_PER_ROLE; k++) await addPerson(ods, role);
      await bus.execute(new StartOnboarding(ods, addDays(toIsoDate(now), 5), meta('implementation-lead')));
      await scan.scanOrganisation(ods, now);
      const before = queued;
      queued = countOutbox(file, 'pending');
      perOrganisation = Math.max(perOrganisation, queued - before);
      if (queued - before < 2) throw new Error(`organisation ${ods} queued ${queued - before} emails: the workload is not what it should be`);
    }
    for (let k = 0; queued < EMAILS; k++) {
      await addPerson(ods, PERSON_ROLES[k % PERSON_ROLES.length]);
      queued = countOutbox(file, 'pending');
    }
    if (queued !== EMAILS) throw new Error(`queued ${queued} emails, not ${EMAILS}`);
  } finally {
    await app.close();
  }
}

/** The queued messages, whether the server has sent them yet or not (the floor runs before and after it). */
function readOutbox(file: string): DeliverableRow[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`select ${DELIVERABLE_COLUMNS} from outbox_messages where status in ('pending', 'sent') order by id`).all() as DeliverableRow[];
  } finally {
    db.close();
  }
}

/**
 * The floor's sender, in a child process: reads the queued messages from the outbox file, composes
 * them as the product does, and on "go" hands all of them at once to one pooled nodemailer
 * transport of the product's pool size; exits once every message is accepted.
 */
async function floorSender(file: string, smtpUrl: string, maxConnections: number): Promise<void> {
  const messages = readOutbox(file).map(deliverableFrom);
  const transporter = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections, ...SMTP_POOL });
  await new Promise<void>((resolve) => {
    process.once('message', () => resolve());
    process.send!({ ready: messages.length });
  });
  const results = await Promise.allSettled(messages.map((m) => transporter.sendMail(mailOptions(m, MAIL_FROM))));
  transporter.close();
  const failed = results.filter((r) => r.status === 'rejected');
  process.send!({ failed: failed.length, error: failed[0] ? String((failed[0] as PromiseRejectedResult).reason) : null }, () => process.disconnect());
}

async function measureFloor(file: string, expected: ReadonlySet<string>): Promise<DeliveryRun> {
  const sink = await new CountingSink(expected).start();
  try {
    const child = fork(__filename, ['floor-sender', file, sink.url, String(MAX_CONNECTIONS)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    type FromSender = { ready?: number; failed?: number; error?: string | null };
    const inbox: FromSender[] = [];
    const waiting: ((m: FromSender) => void)[] = [];
    child.on('message', (m: FromSender) => (waiting.length ? waiting.shift()!(m) : inbox.push(m)));
    const next = () =>
      inbox.length
        ? Promise.resolve(inbox.shift()!)
        : Promise.race([
            new Promise<FromSender>((resolve) => waiting.push(resolve)),
            exited.then((code) => Promise.reject(new Error(`the floor sender exited with ${code} without saying how it went`))),
          ]);
    await next();
    let cpuAtStart = 0;
    sink.onFirstConnection = () => (cpuAtStart = sampleProcess(child.pid!).cpuMs);
    child.send('go');
    await sink.whenAllReceived(120_000);
    const cpuMs = sampleProcess(child.pid!).cpuMs - cpuAtStart;
    const outcome = await next();
    await exited;
    if (outcome.failed) throw new Error(`the floor's nodemailer failed ${outcome.failed} messages: ${outcome.error}`);
    return { ...sink.result(), cpuMsPerEmail: cpuMs / expected.size };
  } finally {
    await sink.stop();
  }
}

async function measureServer(dir: string, file: string, expected: ReadonlySet<string>): Promise<EmailFigures['server']> {
  const sink = await new CountingSink(expected).start();
  try {
    const env = { ...benchEnvironment(dir, `sqlite:${file}`), SMTP_URL: sink.url, MAIL_FROM };
    // The server delivers as soon as its job runner starts, before it listens: CPU is counted from its first connection.
    let pid = 0;
    let cpuAtStart = 0;
    sink.onFirstConnection = () => (cpuAtStart = sampleProcess(pid).cpuMs);
    const server = await startServer([], env, (child) => (pid = child.pid!));
    try {
      await sink.whenAllReceived(300_000);
      const cpuMs = sampleProcess(server.child.pid!).cpuMs - cpuAtStart;
      const result = sink.result();
      // The outbox's own record: a message is marked sent only after the server accepted it.
      const deadline = Date.now() + 30_000;
      let outboxSent = 0;
      while (Date.now() < deadline) {
        outboxSent = countOutbox(file, 'sent');
        if (outboxSent >= expected.size) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      return { ...result, cpuMsPerEmail: cpuMs / expected.size, outboxSent };
    } finally {
      progress('stopping the server');
      await server.stop();
    }
  } finally {
    await sink.stop();
  }
}

/** Where the workload is, on stderr, so a long run is not silent and stdout holds only the figures. */
const progressFrom = performance.now();
const progress = (what: string) => process.stderr.write(`  emails ${((performance.now() - progressFrom) / 1000).toFixed(1).padStart(5)} s: ${what}\n`);

export async function measureEmails(): Promise<EmailFigures> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'onramp-bench-emails-'));
  const file = join(dir, 'onramp.sqlite');
  try {
    const env = benchEnvironment(dir, `sqlite:${file}`);
    const config = loadConfig({ ...env, MAIL_FROM, LOG_LEVEL: 'error', ONRAMP_BACKGROUND_JOBS: 'false' });
    const queueStarted = performance.now();
    progress('queueing the emails through the application');
    await queueEmails(config, file);
    const queueMs = performance.now() - queueStarted;
    const expected = new Set(readOutbox(file).map((r) => r.message_id));
    if (expected.size !== EMAILS) throw new Error(`${expected.size} distinct Message-IDs queued, not ${EMAILS}`);
    // The floor before and after the server's run, the faster kept: neither gets the quieter moment alone.
    progress(`queued ${expected.size} in ${(queueMs / 1000).toFixed(1)} s; the floor: raw pooled nodemailer`);
    const floor1 = await measureFloor(file, expected);
    progress(`floor ${floor1.perSecond.toFixed(0)}/s; the built server delivering the outbox`);
    const server = await measureServer(dir, file, expected);
    progress(`server ${server.perSecond.toFixed(0)}/s; the floor again`);
    const floor2 = await measureFloor(file, expected);
    const floor = floor1.perSecond >= floor2.perSecond ? floor1 : floor2;
    if (floor.lost) throw new Error(`the floor lost ${floor.lost} messages`);
    return { queued: expected.size, queueMs, server, floor, load: machineLoad(), totalMs: performance.now() - started };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function reportEmails(f: EmailFigures) {
  const s = f.server;
  reportRate(
    `${f.queued} guidance emails through the outbox to SMTP`,
    s.perSecond,
    f.floor.perSecond,
    0.5,
    `floor: raw pooled nodemailer, ${MAX_CONNECTIONS} connections, same messages and server; ${(s.ms / 1000).toFixed(1)} s; ${s.connections} connections; ${f.load}`,
  );
  reportLimit(
    `emails lost (queued, never received)`,
    s.lost,
    0,
    '',
    `${s.duplicates} received twice; ${s.unexpected} not queued; ${s.outboxSent} marked sent in the outbox`,
  );
  process.stdout.write(
    `${'server CPU per email (user + system while delivering)'.padEnd(58)} ${`${s.cpuMsPerEmail.toFixed(2)} ms`.padEnd(11)} the floor's sender ${f.floor.cpuMsPerEmail.toFixed(2)} ms; queueing the emails took ${(f.queueMs / 1000).toFixed(1)} s; the whole workload ${(f.totalMs / 1000).toFixed(0)} s\n`,
  );
}

if (require.main === module) {
  const fail = (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  };
  if (process.argv[2] === 'floor-sender') floorSender(process.argv[3], process.argv[4], Number(process.argv[5])).catch(fail);
  else measureEmails().then(reportEmails, fail);
}
