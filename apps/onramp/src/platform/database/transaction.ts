import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { CommandMeta } from '../../shared/domain/roles';
import type { DomainEventLike, EventMessage } from '../events/event-message';
import { sqlOf, type Sql } from './sql-executor';

export type Dialect = 'sqlite' | 'postgresql';

/**
 * One command's open database transaction: its entity manager, who is acting, and the events the
 * command records. The unit of work dispatches the recorded events to the subscribers before it
 * commits, inside this same transaction.
 */
export class Transaction {
  /** Names the command, so its events can say what caused them. */
  readonly commandId = randomUUID();
  private readonly recorded: EventMessage[] = [];
  private readonly memo = new Map<string, unknown>();
  /** Raw SQL inside this transaction, for the statements every command runs. */
  readonly sql: Sql;

  constructor(
    readonly em: EntityManager,
    readonly meta: CommandMeta,
    readonly dialect: Dialect,
    private readonly now: () => Date,
  ) {
    this.sql = sqlOf(em, dialect);
  }

  /**
   * Records events for dispatch before commit. `organisation` is the audit chain they belong to
   * (null: the global chain). An event without its own `occurredAt` takes the current time.
   */
  record(organisation: string | null, events: readonly (DomainEventLike & { occurredAt?: string })[]): void {
    for (const event of events) {
      this.recorded.push({
        envelope: {
          eventId: randomUUID(),
          correlationId: this.meta.correlationId,
          causationId: this.meta.causationId ?? this.commandId,
          actor: this.meta.actor,
          occurredAt: event.occurredAt ?? this.now().toISOString(),
          organisation,
        },
        event,
      });
    }
  }

  /** Events recorded since the last call, in order. */
  takeRecorded(): EventMessage[] {
    return this.recorded.splice(0, this.recorded.length);
  }

  /** Keeps a value for the rest of the transaction, e.g. an aggregate a subscriber would otherwise load again. */
  remember<T>(key: string, value: T): void {
    this.memo.set(key, value);
  }

  recall<T>(key: string): T | undefined {
    return this.memo.get(key) as T | undefined;
  }
}
