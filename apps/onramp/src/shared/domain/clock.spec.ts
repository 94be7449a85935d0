import { addDays, dateOutsideWindow, dateWindow, daysBetween, isIsoDate, toIsoDate } from './clock';

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

describe('the accepted date window', () => {
  it('runs from 2000-01-01 to ten years after today', () => {
    expect(dateWindow('2026-12-01')).toEqual({ earliest: '2000-01-01', latest: '2036-12-01' });
  });

  it('ends on 28 February when today is 29 February and ten years on is not a leap year', () => {
    expect(dateWindow('2028-02-29')).toEqual({ earliest: '2000-01-01', latest: '2038-02-28' });
    expect(dateWindow('2032-02-29')).toEqual({ earliest: '2000-01-01', latest: '2042-02-28' });
  });

  it.each([
    ['2000-01-01', null],
    ['2036-12-01', null],
    ['2026-12-02', null],
    ['1999-12-31', 'is before 2000-01-01, the earliest date accepted'],
    ['2036-12-02', 'is after 2036-12-01: dates more than 10 years ahead are not accepted'],
    ['9999-12-31', 'is after 2036-12-01: dates more than 10 years ahead are not accepted'],
  ])('judges %s (today 2026-12-01): %s', (date, problem) => {
    expect(dateOutsideWindow(date, '2026-12-01')).toBe(problem);
  });
});
