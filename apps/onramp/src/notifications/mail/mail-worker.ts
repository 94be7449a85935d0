import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { LOGGER } from '../../platform/logging/logger';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { CLOCK, type Clock } from '../../shared/domain/clock';
import { classifyFailure, describeFailure, nextAttemptDelay } from '../domain/delivery-policy';
import { MailEventEntity } from '../persistence/mail-event.entity';
import { OutboxMessageEntity } from '../persistence/outbox-message.entity';
import { MAIL_TRANSPORT, type MailTransport } from './mail-transport';

/** How long a claimed message is reserved for the worker that claimed it: a crashed worker's claims expire. */
const LEASE_MS = 5 * 60_000;
const BATCH = 20;

/**
 * Delivers the outbox: claims due messages (PostgreSQL `FOR UPDATE SKIP LOCKED`, so several
 * instances never take the same one), sends each, and records the outcome. Temporary failures are
 * retried with exponential backoff; permanent ones, or too many attempts, dead-letter the message.
 * At-least-once: a crash after sending and before recording sends again, with the same Message-ID.
 */
@Injectable()
export class MailWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private readonly postgres: boolean;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.postgres = config.database.kind === 'postgresql';
  }

  onApplicationBootstrap() {
    if (this.config.backgroundJobs) this.start();
  }

  async onApplicationShutdown() {
    await this.stop();
    this.transport.close();
  }

  start() {
    if (this.timer) return;
    this.logger.info({ transport: this.transport.description }, 'mail worker started');
    this.timer = setInterval(() => {
      // A tick while a pass is running is skipped: the running pass picks up what is due.
      if (!this.running) void this.drain().catch((e: unknown) => this.logger.error({ err: describeFailure(e) }, 'mail worker tick failed'));
    }, this.config.mailWorkerIntervalMs);
    this.timer.unref();
  }

  /** Stops polling and waits for the batch in hand. */
  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /**
   * Sends everything due now; returns how many messages were attempted. One pass at a time per
   * process: a pass already under way (which may have started before the caller's messages were
   * committed) is waited for, then a fresh pass runs.
   */
  async drain(): Promise<number> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.deliverDue().finally(() => (this.running = null));
    return this.running;
  }

  private async deliverDue(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const ids = await this.claim();
      if (ids.length === 0) return attempted;
      for (const id of ids) await this.deliver(id);
      attempted += ids.length;
    }
  }

  private async claim(): Promise<number[]> {
    const now = this.clock.now().getTime();
    const lock = this.postgres ? 'for update skip locked' : '';
    const rows = (await this.orm.em
      .getConnection()
      .execute(
        `update outbox_messages set locked_until = ? where id in (select id from outbox_messages where status = 'pending' and next_attempt_at <= ? and (locked_until is null or locked_until < ?) order by id limit ${BATCH} ${lock}) returning id`,
        [now + LEASE_MS, now, now],
        'all',
      )) as { id: number | string }[];
    return rows.map((r) => Number(r.id));
  }

  private async deliver(id: number) {
    const em = this.orm.em.fork();
    const message = await em.findOneOrFail(OutboxMessageEntity, { id });
    const attempt = message.attempts + 1;
    let failure: unknown = null;
    try {
      await this.transport.send(message);
    } catch (e) {
      failure = e;
    }
    const at = this.clock.now();
    await em.transactional(async (tx) => {
      const m = await tx.findOneOrFail(OutboxMessageEntity, { id });
      m.attempts = attempt;
      m.lockedUntil = null;
      if (failure === null) {
        Object.assign(m, { status: 'sent', sentAt: at, lastError: null });
        tx.persist(
          tx.create(MailEventEntity, { outboxId: id, type: 'MailSent', attempt, detail: `sent to ${m.recipientEmail} via ${this.transport.description}`, at }),
        );
        return;
      }
      const detail = describeFailure(failure);
      const kind = classifyFailure(failure);
      m.lastError = detail;
      if (kind === 'permanent' || attempt >= this.config.mailMaxAttempts) {
        m.status = 'dead';
        tx.persist(
          tx.create(MailEventEntity, {
            outboxId: id,
            type: 'MailDeadLettered',
            attempt,
            detail: `${kind === 'permanent' ? 'permanent failure' : `gave up after ${attempt} attempts`}: ${detail}`,
            at,
          }),
        );
        this.logger.warn({ outboxId: id, purpose: m.purpose, attempt, error: detail }, 'mail dead-lettered');
      } else {
        m.nextAttemptAt = at.getTime() + nextAttemptDelay(attempt, this.config.mailRetryBaseMs);
        tx.persist(
          tx.create(MailEventEntity, {
            outboxId: id,
            type: 'MailDeferred',
            attempt,
            detail: `temporary failure, next attempt at ${new Date(m.nextAttemptAt).toISOString()}: ${detail}`,
            at,
          }),
        );
        this.logger.info({ outboxId: id, purpose: m.purpose, attempt, error: detail }, 'mail deferred');
      }
    });
  }
}
