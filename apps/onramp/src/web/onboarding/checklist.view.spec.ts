import type { PersonView } from '../../organisations';
import { checklistPage, filterSteps, inDueWindow, parseFilter } from './checklist.view';
import { aRunView, aStepView } from './testing/step-view.builder';

const people: PersonView[] = [
  { id: 'p-1', name: 'Jo Bloggs', email: 'jo@example.nhs.uk', role: 'it-lead', accessRole: 'contributor', createdAt: '', removedAt: null },
];
const today = '2026-12-01';
const steps = [
  aStepView({ id: 'core.a', area: 'training', status: 'in-progress', dueDate: '2026-11-20', overdue: true }),
  aStepView({ id: 'core.b', area: 'training', ownerRole: 'it-lead', dueDate: '2026-12-07', assignee: { ...people[0] } as never }),
  aStepView({ id: 'core.c', area: 'go-live', status: 'done', dueDate: '2026-11-25', overdue: false }),
  aStepView({ id: 'core.d', area: 'go-live', dueDate: '2026-12-30' }),
  aStepView({ id: 'core.e', area: 'go-live', dueDate: '2027-01-05' }),
];
const ids = (list: { id: string }[]) => list.map((s) => s.id);

describe('the checklist filters', () => {
  it('take only the values the form offers; anything else is no filter', () => {
    expect(parseFilter({ area: 'training', status: 'done', assignee: 'p-1', owner: 'it-lead', due: 'overdue' }, people)).toEqual({
      area: 'training',
      status: 'done',
      assignee: 'p-1',
      owner: 'it-lead',
      due: 'overdue',
    });
    expect(parseFilter({ area: '<b>', status: ['done', 'waived'], assignee: 'p-404', owner: 'nobody', due: 'someday' }, people)).toEqual({
      area: null,
      status: 'done',
      assignee: null,
      owner: null,
      due: null,
    });
  });

  it('put each step in its due windows: overdue as readiness counts it, the next 7 and 30 days from today, and later', () => {
    expect(steps.filter((s) => inDueWindow(s, 'overdue', today)).map((s) => s.id)).toEqual(['core.a']);
    expect(steps.filter((s) => inDueWindow(s, 'this-week', today)).map((s) => s.id)).toEqual(['core.b']);
    expect(steps.filter((s) => inDueWindow(s, 'this-month', today)).map((s) => s.id)).toEqual(['core.b', 'core.d']);
    expect(steps.filter((s) => inDueWindow(s, 'later', today)).map((s) => s.id)).toEqual(['core.e']);
  });

  it('combine, every filter narrowing the list', () => {
    const none = { area: null, status: null, assignee: null, owner: null, due: null };
    expect(ids(filterSteps(steps, { ...none, area: 'training' }, today))).toEqual(['core.a', 'core.b']);
    expect(ids(filterSteps(steps, { ...none, area: 'training', assignee: 'none' }, today))).toEqual(['core.a']);
    expect(ids(filterSteps(steps, { ...none, owner: 'it-lead', assignee: 'p-1' }, today))).toEqual(['core.b']);
    expect(ids(filterSteps(steps, { ...none, status: 'done', due: 'overdue' }, today))).toEqual([]);
  });

  it('count what is shown against the whole checklist, and keep the chosen options selected', () => {
    const page = checklistPage({
      ods: 'RX1',
      run: aRunView(steps),
      people,
      filter: { ...parseFilter({ area: 'go-live' }, people) },
      today,
      timeZone: 'Europe/London',
    });
    expect([page.shown, page.total, page.filtered]).toEqual([3, 5, true]);
    expect(page.filters.area.find((o) => o.selected)).toEqual({ value: 'go-live', label: 'Go-live', selected: true });
    // Only the areas and owner roles the checklist has are offered.
    expect(page.filters.area.map((o) => o.value)).toEqual(['', 'training', 'go-live']);
    expect(page.filters.owner.map((o) => o.value)).toEqual(['', 'implementation-lead', 'it-lead']);
    expect(page.rows[0][0]).toEqual({ text: 'An example step', href: '/organisations/RX1/steps/core.c' });
    expect(page.rows[0][4]).toEqual({ text: '25 November 2026' });
  });
});
