import type { TrailVerification } from '../../audit';
import { typeLabel, ukDateTime } from '../../platform/rendering/template-helpers';
import { roleInSentence } from '../onboarding/words.view';

/** What the sentences need to name things: the run's step titles, the organisation's people, and dates as people read them. */
export interface AuditLookups {
  stepTitle(stepId: string): string | null;
  personName(personId: string): string | null;
  /** "1 June 2027" */
  day(isoDate: string): string;
}

/** An audit entry as the sentences read it. */
export interface AuditEvent {
  type: string;
  payload: Record<string, unknown>;
}

/** A label in the middle of a sentence: "booking clerk", but "IT lead" and "Clinical Safety Officer" as they are written. */
const inSentence = (label: string) => (/[A-Z]/.test(label.slice(1)) ? label : label.charAt(0).toLowerCase() + label.slice(1));

export { roleInSentence };

/** "an acute trust", "a contributor". */
const article = (noun: string) => `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
const quoted = (s: string) => `‘${s}’`;

/** "Some event type" from "SomeEventType": an event this page has no words for yet still reads as words. */
const wordsOf = (type: string) => {
  const words = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * What an audit entry says happened, as the rest of a sentence that starts with who did it:
 * "signed off ‘Nominate a clinical lead’". Names, titles and dates, never ids, wherever the trail
 * or the lookups know them; an event type without words here is still shown, by its name in words.
 */
export function auditSentence(event: AuditEvent, lookups: AuditLookups, options: { reasons?: 'inline' | 'omitted' } = {}): string {
  const p = event.payload;
  const step = () => {
    const title = lookups.stepTitle(text(p.stepId) ?? '');
    // Never the step's id: a step gone from the checklist (after an upgrade) is said to be.
    return title ? quoted(title) : 'a step no longer in the checklist';
  };
  const person = (fallback?: unknown) => lookups.personName(text(p.personId) ?? '') ?? text(fallback) ?? 'a person no longer recorded';
  // A page that shows the person's reason under the sentence asks for it to be left out of the sentence.
  const because = (reason: unknown) => (options.reasons !== 'omitted' && text(reason) ? `: ${text(reason)}` : '');
  switch (event.type) {
    case 'OrganisationRegistered':
      return `registered ${text(p.name) ?? 'the organisation'}${text(p.organisationType) ? ` as ${article(inSentence(typeLabel(p.organisationType)))}` : ''}`;
    case 'PersonAdded':
      return `added ${text(p.name) ?? person()} as ${roleInSentence(text(p.role) ?? 'contributor')} and sent them an invitation`;
    case 'PersonInvitedAgain':
      return `sent ${text(p.name) ?? person()} their invitation again`;
    case 'PersonRemoved':
      return `removed ${text(p.name) ?? person()} from the role ${roleInSentence(text(p.role) ?? 'contributor')} (their history is kept)`;
    case 'PersonChanged': {
      const changes = (p.changes ?? {}) as { name?: unknown; accessRole?: unknown };
      const name = text(changes.name);
      const access = text(changes.accessRole) ? `${roleInSentence(text(changes.accessRole)!)} access` : null;
      if (name && access) return `changed a person’s name to ${name} and gave them ${access}`;
      if (name) return `changed a person’s name to ${name}`;
      if (access) return `gave ${person()} ${access}`;
      return `changed the details of ${person()}`;
    }
    case 'SelfSignOffSettingChanged':
      return p.allowed === true
        ? 'allowed people to sign off steps they completed themselves (four eyes off)'
        : 'required every step to be signed off by someone other than the person who completed it (four eyes on)';
    case 'AccessTokenIssued':
      return `created the API token ${quoted(text(p.label) ?? 'without a name')}, acting as ${roleInSentence(text(p.role) ?? 'viewer')}`;
    case 'AccessTokenRevoked':
      return `revoked the API token ${quoted(text(p.label) ?? 'without a name')}`;
    case 'OnboardingStarted': {
      const steps = Array.isArray(p.stepIds) ? p.stepIds.length : null;
      // Pages add "on <date>" after a sentence, so the details go in brackets rather than end in another "on".
      const details = [
        ...(steps === null ? [] : [`${steps} ${steps === 1 ? 'step' : 'steps'}`]),
        ...(text(p.goLiveDate) ? [`go-live ${lookups.day(text(p.goLiveDate)!)}`] : []),
      ];
      return `started onboarding${details.length ? ` (${details.join(', ')})` : ''}`;
    }
    case 'StepAssigned':
      return `assigned ${step()} to ${lookups.personName(text(p.assigneeId) ?? '') ?? 'a person no longer recorded'}`;
    case 'StepStarted':
      return `started ${step()}`;
    case 'StepCompleted':
      return `completed ${step()}${p.awaitingSignOff === true ? ' (awaiting sign-off)' : ''}`;
    case 'StepSignedOff':
      return `signed off ${step()}${p.selfSignOff === true ? ', which they had completed themselves (the organisation allows self sign-off)' : ''}`;
    case 'StepWaived':
      return `waived ${step()}${because(p.reason)}`;
    case 'StepReopened':
      return `reopened ${step()}${because(p.reason)}`;
    case 'GoLiveDateChanged':
      return `moved go-live${text(p.from) ? ` from ${lookups.day(text(p.from)!)}` : ''}${text(p.to) ? ` to ${lookups.day(text(p.to)!)}` : ''}${because(p.reason)}`;
    case 'ChecklistAdopted': {
      const diff = (p.diff ?? {}) as { added?: unknown[]; removed?: unknown[]; changed?: unknown[] };
      const count = (list: unknown, what: string) => (Array.isArray(list) && list.length ? [`${list.length} ${what}`] : []);
      const counts = [...count(diff.added, 'added'), ...count(diff.removed, 'removed'), ...count(diff.changed, 'changed')];
      return `updated the checklist to the current catalogue and plugins${counts.length ? ` (steps: ${counts.join(', ')})` : ''}`;
    }
    case 'GlobalRoleChanged':
      return p.role === null ? 'took away a national role' : `gave someone the national role ${roleInSentence(text(p.role) ?? 'viewer')}`;
    case 'PasswordResetRequested':
      return 'asked for a link to reset a password';
    default:
      return `recorded: ${wordsOf(event.type)}`;
  }
}

/**
 * The result of verifying the trail, as the audit page says it: intact, with how many entries and
 * up to which signed checkpoint; or what does not verify, each problem on a line.
 */
export function verificationInWords(v: TrailVerification, timeZone: string) {
  const entries = `${v.checked} ${v.checked === 1 ? 'entry' : 'entries'}`;
  if (v.valid) {
    const anchored =
      v.checkpointAt !== null
        ? ` up to the signed checkpoint of ${ukDateTime(v.checkpointAt, timeZone)}${v.unanchored ? `; the ${v.unanchored} newer ${v.unanchored === 1 ? 'entry is' : 'entries are'} protected by ${v.unanchored === 1 ? 'its seal' : 'their seals'} until the next checkpoint` : ''}`
        : '. No signed checkpoint covers it yet: its entries are protected by their seals until the first one is written';
    return { intact: true, text: `The trail is intact: ${entries} verified${anchored}.`, problems: [] };
  }
  const where = v.firstBrokenAt !== null && !v.reason?.includes(`entry ${v.firstBrokenAt}`) ? ` (at entry ${v.firstBrokenAt})` : '';
  const reason = v.reason ? `${v.reason.charAt(0).toUpperCase()}${v.reason.slice(1)}${where}.` : null;
  return {
    intact: false,
    text: `The trail does not verify: ${entries} ${v.checked === 1 ? 'fits' : 'fit'} the chain. Tell your Onramp administrator, who can check it with "onramp audit verify".`,
    problems: [...(reason ? [reason] : []), ...v.unexplained],
  };
}
