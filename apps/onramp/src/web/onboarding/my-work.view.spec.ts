import type { MyWorkItem } from '../../onboarding';
import { actionFor, dueGroup, myWorkGroups } from './my-work.view';

const item = (over: Partial<MyWorkItem>): MyWorkItem => ({
  organisation: 'RX1',
  organisationName: 'Flow Test Hospitals',
  stepId: 'core.example',
  title: 'An example step',
  status: 'not-started',
  dueDate: '2026-12-10',
  gate: false,
  reason: 'owner',
  ...over,
});

describe('my work', () => {
  it('groups by due date: before today is overdue, today and the six days after are this week, the rest later', () => {
    expect(dueGroup('2026-11-30', '2026-12-01')).toBe('overdue');
    expect(dueGroup('2026-12-01', '2026-12-01')).toBe('this-week');
    expect(dueGroup('2026-12-07', '2026-12-01')).toBe('this-week');
    expect(dueGroup('2026-12-08', '2026-12-01')).toBe('later');
  });

  it('offers the next action: start, complete, sign off what awaits the person’s sign-off, else view', () => {
    expect(actionFor({ status: 'not-started', reason: 'assigned' })).toBe('Start');
    expect(actionFor({ status: 'in-progress', reason: 'owner' })).toBe('Complete');
    expect(actionFor({ status: 'awaiting-sign-off', reason: 'sign-off' })).toBe('Sign off');
    expect(actionFor({ status: 'awaiting-sign-off', reason: 'assigned' })).toBe('View');
  });

  it('leaves out empty groups and links each row’s title and action to the step page', () => {
    const groups = myWorkGroups(
      [item({ stepId: 'core.a', dueDate: '2026-11-20' }), item({ stepId: 'core.b', dueDate: '2027-02-01', status: 'in-progress', organisation: 'RY2' })],
      '2026-12-01',
      'Europe/London',
    );
    expect(groups.map((g) => [g.key, g.count])).toEqual([
      ['overdue', 1],
      ['later', 1],
    ]);
    const [row] = groups[1].rows;
    expect(row[0]).toEqual({ text: 'An example step', href: '/organisations/RY2/steps/core.b' });
    expect(row[2]).toEqual({ text: '1 February 2027 (due in 62 days)' });
    expect(row[4]).toEqual({ text: 'Complete', href: '/organisations/RY2/steps/core.b' });
  });
});
