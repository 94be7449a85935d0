import { addDays, daysBetween, isIsoDate, toIsoDate } from './clock';

describe('isIsoDate', () => {
  it.each([['2026-06-01'], ['2028-02-29'], ['2026-12-31'], ['2026-01-01']])('accepts the calendar date %s', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it.each([['2026-02-30'], ['2026-02-29'], ['2026-04-31'], ['2026-13-01'], ['2026-00-10'], ['2026-6-1'], ['2026-06-01T00:00:00Z'], ['01/06/2026'], ['']])(
    'refuses %j',
    (value) => {
      expect(isIsoDate(value)).toBe(false);
    },
  );
});

describe('toIsoDate', () => {
  it('takes the UTC calendar day, not the local one', () => {
    expect(toIsoDate(new Date('2026-06-01T23:30:00-02:00'))).toBe('2026-06-02');
    expect(toIsoDate(new Date('2026-06-01T00:30:00+02:00'))).toBe('2026-05-31');
  });
});

describe('addDays', () => {
  it.each([
    ['2026-06-01', 0, '2026-06-01'],
    ['2026-06-01', 30, '2026-07-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-28', 2, '2026-03-30'], // across the UK clock change: still whole days
  ])('%s + %i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2026-06-01', '2026-06-01', 0],
    ['2026-06-01', '2026-09-01', 92],
    ['2026-09-01', '2026-06-15', -78],
    ['2026-10-24', '2026-10-26', 2], // across the UK clock change
  ])('from %s to %s is %i', (from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected);
  });

  it('undoes addDays', () => {
    expect(daysBetween('2026-06-01', addDays('2026-06-01', 137))).toBe(137);
  });
});
