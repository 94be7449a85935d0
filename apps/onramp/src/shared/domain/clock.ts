/** Time is injected so rules about due dates and forecasts are testable without waiting. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const CLOCK = Symbol('Clock');

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar date written as YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.toISOString().slice(0, 10) === value;
}

/** Calendar dates are handled in UTC days: a go-live date is a day, not an instant. */
export function toIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const shiftedDates = new Map<string, string>();

/** `isoDate` moved by whole days. Remembered: every view of a run asks for the same due dates. */
export function addDays(isoDate: string, days: number): string {
  const key = `${isoDate}|${days}`;
  let shifted = shiftedDates.get(key);
  if (shifted === undefined) {
    const d = new Date(`${isoDate}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    shifted = toIsoDate(d);
    if (shiftedDates.size >= 100_000) shiftedDates.clear();
    shiftedDates.set(key, shifted);
  }
  return shifted;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Every calendar date the API accepts lies in this window: not before 2000-01-01 and not more than
 * ten years after today. Without an upper bound a go-live date of 9999-12-31 was accepted and the
 * due dates derived from it ran into the year 10000 (written `+010000-01-…`), which broke every
 * page and email showing them. DTO validation and the aggregate both judge dates with
 * `dateOutsideWindow`, so the rule lives here alone. Documented in README.md (API).
 */
export const DATE_WINDOW = { earliest: '2000-01-01', yearsAhead: 10 } as const;

/** The first and last accepted dates when today is `today` (YYYY-MM-DD); 29 February ten years on is the 28th. */
export function dateWindow(today: string): { earliest: string; latest: string } {
  const [year, month, day] = today.split('-').map(Number);
  const latest = new Date(Date.UTC(year + DATE_WINDOW.yearsAhead, month - 1, day));
  if (latest.getUTCDate() !== day) latest.setUTCDate(0); // rolled into March: take the last day of February
  return { earliest: DATE_WINDOW.earliest, latest: toIsoDate(latest) };
}

/** Null when the calendar date `date` is inside the window, else why not (for an error message). */
export function dateOutsideWindow(date: string, today: string): string | null {
  const { earliest, latest } = dateWindow(today);
  if (date < earliest) return `is before ${earliest}, the earliest date accepted`;
  if (date > latest) return `is after ${latest}: dates more than ${DATE_WINDOW.yearsAhead} years ahead are not accepted`;
  return null;
}
