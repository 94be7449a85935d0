import type { Actor } from '../../shared/domain/roles';

/** Anything a domain records: a named fact in the past tense. */
export interface DomainEventLike {
  readonly type: string;
}

/**
 * What travels with every event: who caused it, within which request and command, and when.
 * `correlationId` ties together everything one request caused; `causationId` names the command
 * (or event) that directly caused this one.
 */
export interface EventEnvelope {
  eventId: string;
  correlationId: string;
  causationId: string;
  actor: Actor;
  occurredAt: string;
  /** The organisation whose audit chain records the event; null for events outside any organisation. */
  organisation: string | null;
}

export interface EventMessage<E extends DomainEventLike = DomainEventLike> {
  envelope: EventEnvelope;
  event: E;
}
