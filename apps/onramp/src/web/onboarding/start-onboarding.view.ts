import { ukDate } from '../../platform/rendering/template-helpers';
import { dateWindow } from '../../shared/domain/clock';

/** The three fields of the date input, as typed. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/**
 * The go-live date from the date input, or what is wrong with it in the NHS.UK design system's
 * words: missing parts named, a date that does not exist, one not after today, or one beyond the
 * ten years the API accepts (the same window the aggregate checks).
 */
export function goLiveFrom(parts: DateParts, today: string, timeZone: string): { date: string } | { error: string } {
  const { day, month, year } = { day: parts.day.trim(), month: parts.month.trim(), year: parts.year.trim() };
  if (!day && !month && !year) return { error: 'Enter the go-live date' };
  const missing = [!day && 'day', !month && 'month', !year && 'year'].filter((p): p is string => Boolean(p));
  if (missing.length) return { error: `The go-live date must include a ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return { error: 'The go-live date must be a real date, such as 15 3 2027' };
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) return { error: 'The go-live date must be a real date, such as 15 3 2027' };
  if (date <= today) return { error: 'The go-live date must be in the future' };
  const { latest } = dateWindow(today);
  if (date > latest) return { error: `The go-live date must be on or before ${ukDate(latest, timeZone)}` };
  return { date };
}
