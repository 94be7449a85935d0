import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { JOB_RUNNER, type Job, type JobRunner } from '../../platform/jobs/job-runner';
import { LOGGER } from '../../platform/logging/logger';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { CLOCK, type Clock } from '../../shared/domain/clock';
import { classifyFailure, describeFailure, nextAttemptDelay } from '../domain/delivery-policy';
import { MailEventEntity } from '../persistence/mail-event.entity';
import { OutboxMessageEntity } from '../persistence/outbox-message.entity';
import { MAIL_DELIVERY_QUEUE } from './mail-queues';
import { MAIL_TRANSPORT, type MailTransport } from './mail-transport';

/** A message being sent is marked for this long, so `drain` (the CLI) leaves it to the job that sends it. */
const SENDING_MS = 60_000;
const BATCH = 20;

type Outcome = 'sent' | 'retry' | 'dead' | 'skipped';

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
    await this.jobs.work<{ outboxId: number }>(MAIL_DELIVERY_QUEUE, (job) => this.deliverJob(job), { concurrency: 4 });
  }

  onApplicationShutdown() {
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

  /** One attempt at one message; records the outcome. */
  private async deliver(id: number, attempt: number, opts: { respectOthers?: boolean } = {}): Promise<Outcome> {
    const now = this.clock.now().getTime();
    // Marked as being sent: `drain` leaves it alone; a job always takes it (the job engine runs one job per message at a time).
    const claimed = await this.orm.em
      .fork()
      .nativeUpdate(
        OutboxMessageEntity,
        opts.respectOthers ? { id, status: 'pending', $or: [{ lockedUntil: null }, { lockedUntil: { $lt: now } }] } : { id, status: 'pending' },
        { lockedUntil: now + SENDING_MS },
      );
    if (claimed === 0) return 'skipped';
    const em = this.orm.em.fork();
    const message = await em.findOneOrFail(OutboxMessageEntity, { id });
    let failure: unknown = null;
    try {
      await this.transport.send(message);
    } catch (e) {
      failure = e;
    }
    const at = this.clock.now();
    return em.transactional(async (tx): Promise<Outcome> => {
      const m = await tx.findOneOrFail(OutboxMessageEntity, { id });
      m.attempts = Math.max(m.attempts + 1, attempt);
      m.lockedUntil = null;
      if (failure === null) {
        Object.assign(m, { status: 'sent', sentAt: at, lastError: null });
        tx.persist(
          tx.create(MailEventEntity, {
            outboxId: id,
            type: 'MailSent',
            attempt: m.attempts,
            detail: `sent to ${m.recipientEmail} via ${this.transport.description}`,
            at,
          }),
        );
        return 'sent';
      }
      const detail = describeFailure(failure);
      const kind = classifyFailure(failure);
      m.lastError = detail;
      if (kind === 'permanent' || m.attempts >= this.config.mailMaxAttempts) {
        m.status = 'dead';
        tx.persist(
          tx.create(MailEventEntity, {
            outboxId: id,
            type: 'MailDeadLettered',
            attempt: m.attempts,
            detail: `${kind === 'permanent' ? 'permanent failure' : `gave up after ${m.attempts} attempts`}: ${detail}`,
            at,
          }),
        );
        this.logger.warn({ outboxId: id, purpose: m.purpose, attempt: m.attempts, error: detail }, 'mail dead-lettered');
        return 'dead';
      }
      m.nextAttemptAt = at.getTime() + nextAttemptDelay(m.attempts, this.config.mailRetryBaseMs);
      tx.persist(
        tx.create(MailEventEntity, {
          outboxId: id,
          type: 'MailDeferred',
          attempt: m.attempts,
          detail: `temporary failure, will retry: ${detail}`,
          at,
        }),
      );
      this.logger.info({ outboxId: id, purpose: m.purpose, attempt: m.attempts, error: detail }, 'mail deferred');
      return 'retry';
    });
  }
}
