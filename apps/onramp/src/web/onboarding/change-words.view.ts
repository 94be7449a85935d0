import type { AuditEntry } from '../../audit';
import { ukDate } from '../../platform/rendering/template-helpers';
import { auditSentence, type AuditLookups } from '../audit/audit-sentences';

/** What an audit entry's sentence may name: step titles and people's names by id. */
export interface ChangeContext {
  titles: ReadonlyMap<string, string>;
  people: ReadonlyMap<string, string>;
  timeZone: string;
}

/** One entry of the trail in words: who did what (names, never ids), when, and any reason or note they gave. */
export interface Change {
  text: string;
  /** The ISO instant it happened, for the page to write as a date. */
  at: string;
  /** A reason or note in the person's own words, shown under the sentence; null when there is none. */
  detail: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/**
 * "Dr Sam Patel signed off ‘Build services on the Directory of Services’": one audit entry as the
 * overview's "what changed" and a step's history say it, in the audit page's words (one mapping of
 * events to sentences, web/audit/audit-sentences.ts), with the person's note or reason beside it.
 */
export function changeInWords(entry: Pick<AuditEntry, 'type' | 'occurredAt' | 'actor' | 'payload'>, context: ChangeContext): Change {
  const lookups: AuditLookups = {
    stepTitle: (id) => context.titles.get(id) ?? null,
    personName: (id) => context.people.get(id) ?? null,
    day: (isoDate) => ukDate(isoDate, context.timeZone),
  };
  const who = str(entry.actor.label) ?? 'Someone';
  const p = entry.payload;
  return { text: `${who} ${auditSentence(entry, lookups, { reasons: 'omitted' })}`, at: entry.occurredAt, detail: str(p.note) ?? str(p.reason) };
}
