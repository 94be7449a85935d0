import { goLiveFrom } from './start-onboarding.view';

const today = '2026-12-01';
const check = (day: string, month: string, year: string) => goLiveFrom({ day, month, year }, today, 'Europe/London');

describe('the go-live date of the start onboarding form', () => {
  it('reads a real future date within ten years', () => {
    expect(check('15', '3', '2027')).toEqual({ date: '2027-03-15' });
    expect(check(' 1 ', '12', '2036')).toEqual({ date: '2036-12-01' });
  });

  it('says in words what is wrong, as the NHS.UK date input pattern does', () => {
    expect(check('', '', '')).toEqual({ error: 'Enter the go-live date' });
    expect(check('15', '', '')).toEqual({ error: 'The go-live date must include a month and year' });
    expect(check('', '3', '2027')).toEqual({ error: 'The go-live date must include a day' });
    expect(check('31', '2', '2027')).toEqual({ error: 'The go-live date must be a real date, such as 15 3 2027' });
    expect(check('1', 'March', '2027')).toEqual({ error: 'The go-live date must be a real date, such as 15 3 2027' });
    expect(check('1', '12', '2026')).toEqual({ error: 'The go-live date must be in the future' });
    expect(check('2', '12', '2036')).toEqual({ error: 'The go-live date must be on or before 1 December 2036' });
  });
});
