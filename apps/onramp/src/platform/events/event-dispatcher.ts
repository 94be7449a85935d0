import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Transaction } from '../database/transaction';
import { TRANSACTIONAL_SUBSCRIBER, type EventSubscriber } from './transactional-subscriber';

/** Subscribers may record further events (a reaction that is itself audited); this bounds the cascade. */
const MAX_ROUNDS = 5;

/**
 * Delivers each recorded event, inside the command's transaction, to every transactional
 * subscriber in their declared order. Discovered once from the Nest container.
 */
@Injectable()
export class EventDispatcher {
  private subscribers: { name: string; order: number; subscriber: EventSubscriber }[] | null = null;

  constructor(private readonly discovery: DiscoveryService) {}

  /** Dispatches everything the transaction recorded, including what subscribers record in turn. */
  async drain(tx: Transaction): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const messages = tx.takeRecorded();
      if (messages.length === 0) return;
      for (const { subscriber } of this.all()) await subscriber.handle(tx, messages);
    }
    throw new Error(`events were still being recorded after ${MAX_ROUNDS} rounds of dispatch: a subscriber reacts to its own events`);
  }

  /** The subscribers in dispatch order (for diagnostics and tests). */
  names(): string[] {
    return this.all().map((s) => s.name);
  }

  private all() {
    this.subscribers ??= this.discovery
      .getProviders()
      .filter((w) => w.metatype && w.instance && Reflect.getMetadata(TRANSACTIONAL_SUBSCRIBER, w.metatype as object))
      .map((w) => {
        const meta = Reflect.getMetadata(TRANSACTIONAL_SUBSCRIBER, w.metatype as object) as { order: number; name: string };
        return { ...meta, subscriber: w.instance as EventSubscriber };
      })
      .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
    return this.subscribers;
  }
}
