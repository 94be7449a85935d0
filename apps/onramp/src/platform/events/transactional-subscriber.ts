import { SetMetadata } from '@nestjs/common';
import type { Transaction } from '../database/transaction';
import type { EventMessage } from './event-message';

export const TRANSACTIONAL_SUBSCRIBER = 'onramp:transactional-subscriber';

/**
 * Receives the events of a command inside the command's transaction, before it commits. A
 * subscriber that throws rolls the whole command back, so what it writes (audit entries, outbox
 * rows, read models) is never out of step with the change that caused it.
 */
export interface EventSubscriber {
  handle(tx: Transaction, messages: readonly EventMessage[]): Promise<void>;
}

/**
 * Marks a provider as a transactional subscriber. `order` decides who runs first within one
 * dispatch (lower first): the audit trail, then read models, then reactions such as mail.
 */
export const TransactionalSubscriber = (options: { order: number; name: string }) => SetMetadata(TRANSACTIONAL_SUBSCRIBER, options);

/** The conventional orders, so the sequence is visible in one place. */
export const SUBSCRIBER_ORDER = {
  audit: 10,
  readModels: 20,
  derivedReadModels: 30,
  reactions: 50,
} as const;
