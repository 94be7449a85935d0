import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { JOB_RUNNER, type Job, type JobRunner } from '../../platform/jobs/job-runner';
import { LOGGER } from '../../platform/logging/logger';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { CLOCK, type Clock } from '../../shared/domain/clock';
import { classifyFailure, describeFailure, nextAttemptDelay } from '../domain/delivery-policy';
import type { MailEventType } from '../persistence/mail-event.entity';
import { OutboxMessageEntity } from '../persistence/outbox-message.entity';
import { sqlOf } from '../../platform/database/sql-executor';
import { MAIL_DELIVERY_QUEUE } from './mail-queues';
import { DELIVERABLE_COLUMNS, deliverableFrom, MAIL_TRANSPORT, type DeliverableRow, type MailTransport } from './mail-transport';

/** A message being sent is marked for this long, so `drain` (the CLI) leaves it to the job that sends it. */
const SENDING_MS = 60_000;
const BATCH = 20;

type Outcome = 'sent' | 'retry' | 'dead' | 'skipped';

/** Emails that carry a link to set or reset a password; their bodies are removed once sent. */
const ACCOUNT_LINK_PURPOSES: readonly string[] = ['role-welcome', 'password-reset'];
const LINK_REMOVED = "(The body of this email was removed after it was sent: it held a single-use link to the recipient's Onramp account.)";

interface MessageRow extends DeliverableRow {
  attempts: number | string;
}

/**
 * Delivery jobs one instance runs at once: twice the SMTP pool's connections. Each delivery is a
 * claim, the SMTP transaction and the record of its outcome; with only as many deliveries as
 * connections, a connection would sit idle while its last message's outcome is written and the
 * next job is claimed. One more message per connection, waiting in the pool, keeps every connection
 * sending, and bounds what the pool holds in memory (each such message is still a claimed job and a
 * pending outbox row, so a crash loses nothing). More than that only queues in memory.
 */
export function deliveriesAtOnce(config: Pick<AppConfig, 'smtpMaxConnections'>): number {
  return 2 * config.smtpMaxConnections;
}

class TemporaryMailFailure extends Error {
  override readonly name = 'TemporaryMailFailure';
}

/**
 * Delivers the outbox. Each message queued in a transaction has a delivery job queued with it
 * (see {@link Outbox}); the job engine runs it on one instance at a time, retries a temporary
 * failure (4xx, connection errors) with exponential backoff from ONRAMP_MAIL_RETRY_BASE_MS, and
 * retries a job whose worker died within seconds (its heartbeat stops). A permanent failure (5xx),
 * or ONRAMP_MAIL_MAX_ATTEMPTS attempts, dead-letters the message. At-least-once: a crash after
 * sending and before recording sends again, with the same Message-ID.
 */
@Injectable()
export class MailWorker implements OnModuleInit, OnApplicationShutdown {
  private running: Promise<number> | null = null;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(JOB_RUNNER) private readonly jobs: JobRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit() {
    await this.jobs.declareQueue(MAIL_DELIVERY_QUEUE, {
      retryLimit: Math.max(0, this.config.mailMaxAttempts - 1),
      retryDelaySeconds: Math.max(1, Math.round(this.config.mailRetryBaseMs / 1000)),
      retryBackoff: true,
      retryDelayMaxSeconds: 86_400,
    });
    await this.jobs.work<{ outboxId: number }>(MAIL_DELIVERY_QUEUE, (job) => this.deliverJob(job), { concurrency: deliveriesAtOnce(this.config) });
  }

  /**
   * Closes the SMTP pool's connections once no delivery runs. Nest calls this hook before
   * PlatformModule's (importers first on shutdown), so the job runner is stopped here first,
   * gracefully: running deliveries finish on open connections rather than failing on a closed pool
   * and being retried. PlatformModule's own stop then finds it stopped.
   */
  async onApplicationShutdown() {
    await this.jobs.stop({ graceful: true });
    this.transport.close();
  }

  private async deliverJob(job: Job<{ outboxId: number }>) {
    const outcome = await this.deliver(job.data.outboxId, job.attempt);
    // Thrown so the job engine retries it with its backoff; the message records why.
    if (outcome === 'retry') throw new TemporaryMailFailure(`temporary failure delivering outbox message ${job.data.outboxId}`);
  }

  /**
   * Sends every message that is due now, in this process, and waits (the CLI's `mail:deliver`, and
   * tests): messages a delivery job is sending right now are left to it and waited for. One pass at
   * a time.
   */
  async drain(): Promise<number> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.deliverDue().finally(() => (this.running = null));
    return this.running;
  }

  private async deliverDue(): Promise<number> {
    let attempted = 0;
    const tried = new Set<number>();
    const deadline = Date.now() + SENDING_MS;
    for (;;) {
      const now = this.clock.now().getTime();
      const due = await this.orm.em
        .fork()
        .find(
          OutboxMessageEntity,
          { status: 'pending', nextAttemptAt: { $lte: now }, $or: [{ lockedUntil: null }, { lockedUntil: { $lt: now } }] },
          { fields: ['id', 'attempts'], orderBy: { id: 'asc' }, limit: BATCH, disableIdentityMap: true },
        );
      const fresh = due.filter((m) => !tried.has(m.id));
      if (fresh.length === 0) {
        // Due messages a job is sending now: wait for them, so "delivered" means delivered.
        const sending = await this.orm.em.fork().count(OutboxMessageEntity, { status: 'pending', nextAttemptAt: { $lte: now }, lockedUntil: { $gte: now } });
        if (sending === 0 || Date.now() > deadline) return attempted;
        await sleep(50);
        continue;
      }
      for (const m of fresh) {
        tried.add(m.id);
        if ((await this.deliver(m.id, m.attempts + 1, { respectOthers: true })) !== 'skipped') attempted++;
      }
    }
  }

  /** One attempt at one message; records the outcome. Raw SQL: every email passes here. */
  private async deliver(id: number, attempt: number, opts: { respectOthers?: boolean } = {}): Promise<Outcome> {
    const em = this.orm.em.fork();
    const sql = sqlOf(em, this.config.database.kind);
    const now = this.clock.now().getTime();
    // Marked as being sent: `drain` leaves it alone; a job always takes it (the job engine runs one job per message at a time).
    // Claimed and read in one statement: the row comes back only if this attempt claimed it.
    const [row] = await sql.query<MessageRow>(
      `update outbox_messages set locked_until = ? where id = ? and status = 'pending'${opts.respectOthers ? ' and (locked_until is null or locked_until < ?)' : ''}
       returning ${DELIVERABLE_COLUMNS}, attempts`,
      opts.respectOthers ? [now + SENDING_MS, id, now] : [now + SENDING_MS, id],
    );
    if (!row) return 'skipped';
    const message = deliverableFrom(row);
    let failure: unknown = null;
    try {
      await this.transport.send(message);
    } catch (e) {
      failure = e;
    }
    const at = this.clock.now();
    // This attempt holds the message (claimed above), so its attempt count is the one read with it.
    const attempts = Math.max(Number(row.attempts) + 1, attempt);
    const outcome: {
      status: 'sent' | 'dead' | 'pending';
      event: MailEventType;
      detail: string;
      result: Outcome;
      error: string | null;
      nextAttemptAt: number | null;
    } =
      failure === null
        ? {
            status: 'sent',
            event: 'MailSent',
            detail: `sent to ${message.recipientEmail} via ${this.transport.description}`,
            result: 'sent',
            error: null,
            nextAttemptAt: null,
          }
        : this.failed(failure, attempts, at);
    await em.transactional(async (tx) => {
      const txSql = sqlOf(tx, this.config.database.kind);
      await txSql.execute(
        `update outbox_messages set attempts = ?, locked_until = null, status = ?, last_error = ?, sent_at = ?${outcome.nextAttemptAt === null ? '' : ', next_attempt_at = ?'} where id = ?`,
        [
          attempts,
          outcome.status,
          outcome.error,
          outcome.status === 'sent' ? txSql.instant(at) : null,
          ...(outcome.nextAttemptAt === null ? [] : [outcome.nextAttemptAt]),
          id,
        ],
      );
      // A sent invitation or reset holds a single-use link to someone's account: the outbox keeps no copy.
      if (outcome.status === 'sent' && ACCOUNT_LINK_PURPOSES.includes(message.purpose))
        await txSql.execute('update outbox_messages set html = ?, text = ? where id = ?', [LINK_REMOVED, LINK_REMOVED, id]);
      await txSql.execute('insert into mail_events (outbox_id, type, attempt, detail, at) values (?, ?, ?, ?, ?)', [
        id,
        outcome.event,
        attempts,
        outcome.detail.slice(0, 1000),
        txSql.instant(at),
      ]);
    });
    if (outcome.result === 'dead') this.logger.warn({ outboxId: id, purpose: message.purpose, attempt: attempts, error: outcome.error }, 'mail dead-lettered');
    if (outcome.result === 'retry') this.logger.info({ outboxId: id, purpose: message.purpose, attempt: attempts, error: outcome.error }, 'mail deferred');
    return outcome.result;
  }

  /** What a failed attempt leads to: a retry with backoff, or the dead letter (a permanent failure, or the last attempt). */
  private failed(failure: unknown, attempts: number, at: Date) {
    const detail = describeFailure(failure);
    const kind = classifyFailure(failure);
    if (kind === 'permanent' || attempts >= this.config.mailMaxAttempts) {
      return {
        status: 'dead' as const,
        event: 'MailDeadLettered' as const,
        detail: `${kind === 'permanent' ? 'permanent failure' : `gave up after ${attempts} attempts`}: ${detail}`,
        result: 'dead' as const,
        error: detail,
        nextAttemptAt: null,
      };
    }
    return {
      status: 'pending' as const,
      event: 'MailDeferred' as const,
      detail: `temporary failure, will retry: ${detail}`,
      result: 'retry' as const,
      error: detail,
      nextAttemptAt: at.getTime() + nextAttemptDelay(attempts, this.config.mailRetryBaseMs),
    };
  }
}
