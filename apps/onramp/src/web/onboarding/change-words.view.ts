import type { AuditEntry } from '../../audit';
import { ukDate } from '../../platform/rendering/template-helpers';
import { roleInSentence } from './words.view';

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
const quoted = (title: string) => `‘${title}’`;

/**
 * "Dr Sam Patel signed off ‘Build services on the Directory of Services’": the sentence for one
 * audit entry. Anything the sentence would name by id is looked up; what cannot be found is
 * described ("a step no longer in the checklist", "someone no longer recorded") rather than shown
 * as an id. Event types without a sentence of their own say what kind of change it was.
 */
export function changeInWords(entry: Pick<AuditEntry, 'type' | 'occurredAt' | 'actor' | 'payload'>, context: ChangeContext): Change {
  const p = entry.payload;
  const who = str(entry.actor.label) ?? 'Someone';
  const step = () => {
    const id = str(p.stepId);
    const title = id ? context.titles.get(id) : undefined;
    return title ? quoted(title) : 'a step no longer in the checklist';
  };
  const person = (id: unknown) => (typeof id === 'string' && context.people.get(id)) || 'someone no longer recorded';
  const day = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? ukDate(v, context.timeZone) : 'another date');
  const of = (text: string, detail: string | null = null): Change => ({ text, at: entry.occurredAt, detail });
  switch (entry.type) {
    case 'OnboardingStarted':
      return of(`${who} started onboarding, with a go-live date of ${day(p.goLiveDate)}`);
    case 'StepAssigned':
      return of(`${who} assigned ${step()} to ${person(p.assigneeId)}`);
    case 'StepStarted':
      return of(`${who} started ${step()}`);
    case 'StepCompleted':
      return of(p.awaitingSignOff ? `${who} completed ${step()}, which now awaits sign-off` : `${who} completed ${step()}`, str(p.note));
    case 'StepSignedOff':
      return of(`${who} signed off ${step()}${p.selfSignOff ? ', which they had completed themselves, as the organisation allows' : ''}`, str(p.note));
    case 'StepWaived':
      return of(`${who} waived ${step()} as not applicable`, str(p.reason));
    case 'StepReopened':
      return of(`${who} reopened ${step()}`, str(p.reason));
    case 'GoLiveDateChanged':
      return of(`${who} moved the go-live date from ${day(p.from)} to ${day(p.to)}`, str(p.reason));
    case 'ChecklistAdopted':
      return of(`${who} adopted the current version of the checklist`);
    case 'OrganisationRegistered':
      return of(`${who} registered the organisation`);
    case 'PersonAdded':
      return of(`${who} added ${str(p.name) ?? 'a person'} as ${roleInSentence(str(p.role) ?? 'contributor')}`);
    case 'PersonInvitedAgain':
      return of(`${who} invited ${str(p.name) ?? 'a person'} again`);
    case 'PersonRemoved':
      return of(`${who} removed ${str(p.name) ?? 'a person'} as ${roleInSentence(str(p.role) ?? 'contributor')}`);
    case 'PersonChanged':
      return of(`${who} changed the details of ${person(p.personId)}`);
    case 'SelfSignOffSettingChanged':
      return of(
        p.allowed ? `${who} allowed people to sign off steps they completed themselves` : `${who} required that someone else signs off each step (four eyes)`,
      );
    case 'AccessTokenIssued':
      return of(`${who} created an access token named ${quoted(str(p.label) ?? 'without a name')}`);
    case 'AccessTokenRevoked':
      return of(`${who} revoked the access token named ${quoted(str(p.label) ?? 'without a name')}`);
    default:
      return of(`${who}: ${entry.type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`);
  }
}
