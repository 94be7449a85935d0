import { latestOccurrence, occurrenceKey, parseSchedule } from './job-schedules';

describe('a schedule occurrence', () => {
  const daily = parseSchedule('digest', '0 7 * * 1', 'Europe/London', {});

  it('is the latest at or before now, including one due this very instant', () => {
    expect(latestOccurrence(daily.pattern, new Date('2026-12-07T07:00:00.000Z'))).toEqual(new Date('2026-12-07T07:00:00.000Z'));
    expect(latestOccurrence(daily.pattern, new Date('2026-12-07T06:59:59.999Z'))).toEqual(new Date('2026-11-30T07:00:00.000Z'));
    expect(latestOccurrence(daily.pattern, new Date('2026-12-09T12:00:00.000Z'))).toEqual(new Date('2026-12-07T07:00:00.000Z'));
  });

  it('is read in the schedule time zone (07:00 London is 06:00 UTC in summer)', () => {
    expect(latestOccurrence(daily.pattern, new Date('2026-07-06T12:00:00Z'))).toEqual(new Date('2026-07-06T06:00:00Z'));
  });

  it('names its job by schedule and instant', () => {
    expect(occurrenceKey('digest', new Date('2026-12-07T07:00:00Z'))).toBe('digest@2026-12-07T07:00:00.000Z');
  });

  it('comes from a valid expression and time zone only, and the refusal names the schedule and what is wrong', () => {
    expect(() => parseSchedule('digest', '0 7 * *', 'Europe/London', {})).toThrow(
      /^schedule "digest": "0 7 \* \*" in Europe\/London is not a valid cron expression/,
    );
    expect(() => parseSchedule('digest', '0 7 * * 1', 'Mars/Olympus', {})).toThrow('schedule "digest": "Mars/Olympus" is not an IANA time zone');
  });
});
