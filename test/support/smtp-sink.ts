import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
  envelopeTo: string[];
  /** The SMTP session (connection) it came over: a pooled sender sends many messages over one. */
  connection: string;
}

/**
 * A real SMTP server in the test process (smtp-server), with every message parsed by mailparser.
 * It can refuse the next messages with a chosen reply code, drop every open connection (as a
 * server does at its idle timeout, under a clients' limit or when it restarts), and be stopped and
 * restarted on the same port to play a server that is down. Stopping drops open connections after
 * a short grace, as a restarting server does, instead of smtp-server's 30 s wait for clients
 * (a pooled sender keeps its connections open).
 */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  private refusals: { code: number; text: string }[] = [];
  private server: SMTPServer | null = null;
  port = 0;
  /** How long the server takes to accept each message: long enough and a sender is caught mid-send. */
  delayMs = 0;
  /** Messages whose data has arrived and that are being accepted right now. */
  inFlight = 0;

  async start(port = 0): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 100,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const refusal = this.refusals.shift();
          if (refusal) {
            const err = Object.assign(new Error(refusal.text), { responseCode: refusal.code });
            return callback(err);
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          this.inFlight++;
          new Promise((r) => setTimeout(r, this.delayMs))
            .then(() => simpleParser(raw))
            .finally(() => this.inFlight--)
            .then(
              (parsed) => {
                this.messages.push({ raw, parsed, envelopeTo: session.envelope.rcptTo.map((r) => r.address), connection: session.id });
                callback();
              },
              (e: Error) => callback(e),
            );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as { port: number }).port;
    return this;
  }

  /** Refuse the next `count` messages with this SMTP reply (e.g. 451 temporary, 550 permanent). */
  refuseNext(count: number, code: number, text = code >= 500 ? 'mailbox unavailable' : 'try again later') {
    for (let i = 0; i < count; i++) this.refusals.push({ code, text });
  }

  /** Connections open now (a pooled sender keeps some open between messages). */
  get openConnections(): number {
    return this.server?.connections.size ?? 0;
  }

  /**
   * Closes every open connection and keeps listening, as a server does at its idle timeout: each
   * client is told 421 and its socket is closed, in the middle of a message or not.
   */
  dropConnections(): number {
    const open = [...(this.server?.connections ?? [])];
    for (const connection of open) {
      connection.send(421, 'Idle timeout, closing connection');
      connection.close();
    }
    return open.length;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.envelopeTo.includes(address));
  }
}

/** Polls until `check` holds; fails with `what` after `timeoutMs`. No fixed sleeps in tests. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
