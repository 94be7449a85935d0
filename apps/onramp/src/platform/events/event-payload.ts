/** The fields an event records, without its type, organisation and time (which the envelope carries). */
export function eventPayload(event: object): Record<string, unknown> {
  const { type: _type, organisation: _org, occurredAt: _at, ...rest } = event as Record<string, unknown>;
  return rest;
}
