import type { HelperDelegate } from 'handlebars';
import { STEP_STATUS_LABELS } from '../../shared/domain/step-status';
import { AREA_LABELS } from '../../shared/plugin-sdk';
import { ROLE_DUTIES } from './role-duties';

/*
 * The only helpers templates may call (compiled with `knownHelpersOnly`, so a typo or an unknown
 * helper fails at start-up). Every helper returns a plain string, number or boolean: Handlebars
 * escapes the string in HTML templates, so no helper can smuggle markup out of user data.
 * Helpers throw on a missing (undefined) argument, which keeps `strict` mode honest for values that
 * reach templates through helper parameters, where Handlebars itself does not check.
 * Documented for template authors in templates/README.md.
 */

// ISO 8601 years are four digits, or a sign and six digits outside 0000–9999 (what toISOString
// writes for the year 10000): stored data may hold either, and a render must never fail on it.
const YEAR = '(?:[+-]\\d{6}|\\d{4})';
const DAY = new RegExp(`^${YEAR}-\\d{2}-\\d{2}$`);
const INSTANT = new RegExp(`^${YEAR}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})$`);

/** The UTC calendar day of `d` as ISO writes it (extended years included). */
const isoDay = (d: Date) => d.toISOString().replace(/T.*$/, '');

/** A year written the ISO way: 2026, or +010000 beyond 9999. */
const isoYear = (year: number) =>
  year >= 0 && year <= 9999 ? String(year).padStart(4, '0') : `${year < 0 ? '-' : '+'}${String(Math.abs(year)).padStart(6, '0')}`;

const ACCESS_ROLE_LABELS: Record<string, string> = {
  contributor: 'Contributor',
  viewer: 'Viewer',
  admin: 'Administrator',
  'national-team': 'National team',
};

const ORGANISATION_TYPE_LABELS: Record<string, string> = {
  acute: 'Acute trust',
  'mental-health': 'Mental health provider',
  'independent-sector': 'Independent sector provider',
  community: 'Community provider',
  other: 'Other provider',
};

const RAG_LABELS: Record<string, string> = { red: 'Red', amber: 'Amber', green: 'Green' };
/** NHS.UK frontend colours: red, warm yellow, green; grey when not assessed. */
const RAG_COLOURS: Record<string, string> = { red: '#d5281b', amber: '#ffb81c', green: '#007f3b' };
const NOT_ASSESSED_COLOUR = '#768692';
const COMPLIANCE_LABELS: Record<string, string> = { met: 'Met', 'not-met': 'Not met', unknown: 'Unknown' };

/** "some-kebab-value" → "Some kebab value": the fallback for vocabulary a label table does not know yet. */
function sentenceCase(kebab: string): string {
  const words = kebab.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined (missing from the data)';
  if (value === null) return 'null';
  return typeof value === 'string' ? `"${value}"` : `${typeof value} ${JSON.stringify(value)}`;
}

function expectString(helper: string, value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`{{${helper}}} needs ${what}, got ${describe(value)}`);
  return value;
}

function expectNumber(helper: string, value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`{{${helper}}} needs ${what}, got ${describe(value)}`);
  return value;
}

/** Formatters are costly to create and immutable: one per zone and style, for the life of the process. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function cachedFormat(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

function dateFormat(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  return cachedFormat(
    `${timeZone}|${withTime}`,
    () =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone,
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const } : {}),
      }),
  );
}

/** Throws a RangeError naming the zone when it is not an IANA time zone this Node knows. */
export function checkTimezone(timeZone: string): void {
  try {
    dateFormat(timeZone, false);
  } catch {
    throw new RangeError(`"${timeZone}" is not a time zone this system knows; use an IANA name such as Europe/London`);
  }
}

function parseInstant(helper: string, value: string): Date {
  const d = new Date(value);
  if (!INSTANT.test(value) || Number.isNaN(d.getTime())) throw new Error(`{{${helper}}} needs a date (YYYY-MM-DD) or an ISO instant, got "${value}"`);
  return d;
}

function checkDay(helper: string, value: string): Date {
  // Parsed as an instant at midnight UTC: Date.UTC would read the years 0000–0099 as 1900–1999.
  const d = DAY.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!d || Number.isNaN(d.getTime()) || isoDay(d) !== value) throw new Error(`{{${helper}}} needs a real calendar date, got "${value}"`);
  return d;
}

/** The calendar day (YYYY-MM-DD, or ±YYYYYY-MM-DD) of a day or an instant, as seen in `timeZone`. */
export function dayIn(value: string, timeZone: string, helper = 'ukDate'): string {
  if (DAY.test(value)) return isoDay(checkDay(helper, value));
  const parts = cachedFormat(
    `${timeZone}|day`,
    () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ).formatToParts(parseInstant(helper, value));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${isoYear(Number(get('year')))}-${get('month')}-${get('day')}`;
}

/** Calendar days shown so far (a day looks the same in every time zone): a portfolio of 10,000 organisations has a few hundred distinct go-live and forecast days. */
const UK_DAYS = new Map<string, string>();
const UK_DAYS_KEPT = 4096;

/**
 * "22 November 2026". A YYYY-MM-DD value is a calendar day and is shown as that day; an ISO instant
 * is shown as the day it falls on in `timeZone` (so 23:30Z on 30 June is 1 July in BST).
 */
export function ukDate(value: unknown, timeZone: string): string {
  const s = expectString('ukDate', value, 'a date (YYYY-MM-DD) or an ISO instant');
  if (DAY.test(s)) {
    let shown = UK_DAYS.get(s);
    if (shown === undefined) {
      shown = dateFormat('UTC', false).format(checkDay('ukDate', s));
      if (UK_DAYS.size >= UK_DAYS_KEPT) UK_DAYS.clear();
      UK_DAYS.set(s, shown);
    }
    return shown;
  }
  return dateFormat(timeZone, false).format(parseInstant('ukDate', s));
}

/** "22 November 2026 at 08:05" in `timeZone`; a YYYY-MM-DD value is shown as a day. */
export function ukDateTime(value: unknown, timeZone: string): string {
  const s = expectString('ukDateTime', value, 'an ISO instant');
  if (DAY.test(s)) return ukDate(s, timeZone);
  const parts = dateFormat(timeZone, true).formatToParts(parseInstant('ukDateTime', s));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')} at ${get('hour')}:${get('minute')}`;
}

function wholeDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** "due today", "due tomorrow", "due in 3 days", "1 day overdue", "12 days overdue". */
export function relativeDue(dueDate: unknown, today: unknown, timeZone: string): string {
  const due = dayIn(expectString('relativeDue', dueDate, 'a due date (YYYY-MM-DD)'), timeZone, 'relativeDue');
  const now = dayIn(expectString('relativeDue', today, "today's date (YYYY-MM-DD) as its second argument"), timeZone, 'relativeDue');
  const days = wholeDays(now, due);
  if (days === 0) return 'due today';
  if (days === 1) return 'due tomorrow';
  if (days > 1) return `due in ${days} days`;
  return days === -1 ? '1 day overdue' : `${-days} days overdue`;
}

const numberFormat = new Intl.NumberFormat('en-GB');

/** "1 step", "3 steps", "1,204 organisations". */
export function plural(count: unknown, singular: unknown, pluralForm: unknown): string {
  const n = expectNumber('plural', count, 'a number');
  const one = expectString('plural', singular, 'the singular word as its second argument');
  const many = expectString('plural', pluralForm, 'the plural word as its third argument');
  return `${numberFormat.format(n)} ${n === 1 ? one : many}`;
}

function fromTable(helper: string, table: Record<string, string>, value: unknown): string {
  const s = expectString(helper, value, `one of ${Object.keys(table).join(', ')}`);
  const label = Object.hasOwn(table, s) ? table[s] : undefined;
  if (label === undefined) throw new Error(`{{${helper}}} does not know "${s}"; expected one of ${Object.keys(table).join(', ')}`);
  return label;
}

export function statusLabel(status: unknown): string {
  return fromTable('statusLabel', STEP_STATUS_LABELS as Record<string, string>, status);
}

/** A person role ("ra-manager" → "RA manager") or access role; unknown roles are sentence-cased rather than failing a send. */
export function roleLabel(role: unknown): string {
  const s = expectString('roleLabel', role, 'a role');
  if (Object.hasOwn(ROLE_DUTIES, s)) return ROLE_DUTIES[s as keyof typeof ROLE_DUTIES].label;
  return Object.hasOwn(ACCESS_ROLE_LABELS, s) ? ACCESS_ROLE_LABELS[s] : sentenceCase(s);
}

export function areaLabel(area: unknown): string {
  const s = expectString('areaLabel', area, 'a checklist area');
  return Object.hasOwn(AREA_LABELS, s) ? AREA_LABELS[s as keyof typeof AREA_LABELS] : sentenceCase(s);
}

export function typeLabel(type: unknown): string {
  const s = expectString('typeLabel', type, 'an organisation type');
  return Object.hasOwn(ORGANISATION_TYPE_LABELS, s) ? ORGANISATION_TYPE_LABELS[s] : sentenceCase(s);
}

/** "Red", "Amber", "Green"; null (no run yet) is "Not assessed". */
export function ragLabel(rag: unknown): string {
  return rag === null ? 'Not assessed' : fromTable('ragLabel', RAG_LABELS, rag);
}

/** The colour of a RAG badge, for inline styles in emails (which cannot rely on stylesheets). */
export function ragColour(rag: unknown): string {
  return rag === null ? NOT_ASSESSED_COLOUR : fromTable('ragColour', RAG_COLOURS, rag);
}

export function complianceLabel(status: unknown): string {
  return fromTable('complianceLabel', COMPLIANCE_LABELS, status);
}

/** "12 days after go-live", "on the go-live date", "1 day before go-live". */
export function goLiveDelta(days: unknown): string {
  const n = expectNumber('goLiveDelta', days, 'a number of days');
  if (n === 0) return 'on the go-live date';
  const abs = Math.abs(n);
  return `${abs} ${abs === 1 ? 'day' : 'days'} ${n > 0 ? 'after' : 'before'} go-live`;
}

function defined(helper: string, ...values: unknown[]): void {
  values.forEach((v, i) => {
    if (v === undefined) throw new Error(`{{${helper}}} argument ${i + 1} is missing from the data (undefined)`);
  });
}

export function join(list: unknown, separator: unknown): string {
  if (!Array.isArray(list)) throw new Error(`{{join}} needs a list, got ${describe(list)}`);
  const sep = expectString('join', separator, 'a separator string as its second argument');
  return list
    .map((item) => {
      if (item === null || typeof item === 'object' || item === undefined) throw new Error(`{{join}} can only join text and numbers, got ${describe(item)}`);
      return String(item);
    })
    .join(sep);
}

/** Helper name → implementation taking plain arguments (no Handlebars options object). */
export function helperTable(timeZone: string): Record<string, (...args: unknown[]) => unknown> {
  return {
    ukDate: (v) => ukDate(v, timeZone),
    ukDateTime: (v) => ukDateTime(v, timeZone),
    relativeDue: (due, today) => relativeDue(due, today, timeZone),
    plural: (n, one, many) => plural(n, one, many),
    statusLabel: (s) => statusLabel(s),
    roleLabel: (r) => roleLabel(r),
    areaLabel: (a) => areaLabel(a),
    typeLabel: (t) => typeLabel(t),
    ragLabel: (r) => ragLabel(r),
    ragColour: (r) => ragColour(r),
    complianceLabel: (s) => complianceLabel(s),
    goLiveDelta: (d) => goLiveDelta(d),
    eq: (a, b) => (defined('eq', a, b), a === b),
    gt: (a, b) => expectNumber('gt', a, 'a number') > expectNumber('gt', b, 'a number as its second argument'),
    join: (list, sep) => join(list, sep),
    // Only https URLs become links; anything else (a plugin check's "plugin:id@version") is shown as text.
    isHttps: (value) => (defined('isHttps', value), typeof value === 'string' && value.startsWith('https://')),
  };
}

export const HELPER_NAMES = Object.keys(helperTable('UTC'));

/** How many arguments each helper takes (checked at render so `{{plural count}}` fails loudly). */
const ARITY: Record<string, number> = {
  ukDate: 1,
  ukDateTime: 1,
  relativeDue: 2,
  plural: 3,
  statusLabel: 1,
  roleLabel: 1,
  areaLabel: 1,
  typeLabel: 1,
  ragLabel: 1,
  ragColour: 1,
  complianceLabel: 1,
  goLiveDelta: 1,
  eq: 2,
  gt: 2,
  join: 2,
  isHttps: 1,
};

/** Wraps our helpers for Handlebars: drops its trailing options object and checks the argument count. */
export function handlebarsHelpers(timeZone: string): Record<string, HelperDelegate> {
  const out: Record<string, HelperDelegate> = {};
  for (const [name, fn] of Object.entries(helperTable(timeZone))) {
    out[name] = (...args: unknown[]) => {
      const params = args.slice(0, -1);
      if (params.length !== ARITY[name]) throw new Error(`{{${name}}} takes ${ARITY[name]} argument${ARITY[name] === 1 ? '' : 's'}, got ${params.length}`);
      return fn(...params);
    };
  }
  return out;
}

/** The built-in block helpers whose first argument must be present: `{{#each missing}}` would otherwise render nothing. */
export const STRICT_BLOCK_HELPERS = ['if', 'unless', 'each', 'with'] as const;
