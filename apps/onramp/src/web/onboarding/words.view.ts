import { roleLabel, statusLabel, ukDate, relativeDue } from '../../platform/rendering/template-helpers';
import { ACCESS_ROLES, PERSON_ROLES } from '../../shared/domain/roles';
import type { StepStatus } from '../../shared/domain/step-status';

/*
 * Small pieces of wording the onboarding pages share: status and RAG tags, due dates in words, and
 * the domain's messages with the step ids and role codes they carry turned into titles and names.
 */

/** A tag as the tag and table partials take it. */
export interface Tag {
  label: string;
  colour: string;
}

const STATUS_COLOURS: Record<StepStatus, string> = {
  'not-started': 'grey',
  'in-progress': 'blue',
  'awaiting-sign-off': 'yellow',
  done: 'green',
  waived: 'white',
};

export function statusTag(status: StepStatus): Tag {
  return { label: statusLabel(status), colour: STATUS_COLOURS[status] };
}

const RAG_TAGS: Record<string, Tag> = {
  red: { label: 'Red', colour: 'red' },
  amber: { label: 'Amber', colour: 'orange' },
  green: { label: 'Green', colour: 'green' },
};

/** A RAG status as a tag; null (no run yet) is "Not started". */
export function ragTag(rag: string | null): Tag {
  return (rag !== null && RAG_TAGS[rag]) || { label: 'Not started', colour: 'grey' };
}

/** "3 December 2026 (due in 5 days)"; a settled step's date alone, since it no longer falls due. */
export function dueInWords(dueDate: string, today: string, settled: boolean, timeZone: string): string {
  const day = ukDate(dueDate, timeZone);
  return settled ? day : `${day} (${relativeDue(dueDate, today, timeZone)})`;
}

/** A role code as people read it, lower case inside a sentence: "clinical lead", "RA manager". */
export function roleInSentence(role: string): string {
  const label = roleLabel(role);
  // Keep acronyms (RA, IT) and proper names (Clinical Safety Officer) as the label writes them.
  return /^[A-Z][a-z]/.test(label) &&
    label
      .split(' ')
      .slice(1)
      .every((w) => w === w.toLowerCase())
    ? label.toLowerCase()
    : label;
}

const ROLE_CODES = [...new Set<string>([...PERSON_ROLES, ...ACCESS_ROLES])].sort((a, b) => b.length - a.length);

/**
 * A domain message for a person to read: each step id it names becomes the step's title in quotes,
 * each role code the role's name, and the first letter a capital. The domain's messages are
 * written for API clients, so they name steps by id; the meaning is kept, the codes are not.
 */
export function messageInWords(message: string, titles: ReadonlyMap<string, string>): string {
  let text = message;
  // Longest ids first, so an id that is the prefix of another is not replaced inside it.
  for (const id of [...titles.keys()].sort((a, b) => b.length - a.length)) {
    const title = titles.get(id)!;
    text = text.split(`"${id}"`).join(`‘${title}’`).split(id).join(`‘${title}’`);
  }
  for (const role of ROLE_CODES) text = text.replace(new RegExp(`(?<![\\w-])${role}(?![\\w-])`, 'g'), roleInSentence(role));
  return text.charAt(0).toUpperCase() + text.slice(1);
}
