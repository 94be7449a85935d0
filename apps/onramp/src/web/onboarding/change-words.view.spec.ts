import { changeInWords, type ChangeContext } from './change-words.view';

const context: ChangeContext = {
  titles: new Map([['core.build-services', 'Build services on the Directory of Services']]),
  people: new Map([['p-1', 'Chris Taylor']]),
  timeZone: 'Europe/London',
};
const entry = (type: string, payload: Record<string, unknown>, label: string | null = 'Dr Sam Patel') => ({
  type,
  occurredAt: '2026-12-03T10:15:00.000Z',
  actor: { id: 'u-1', role: 'clinical-lead', label },
  payload,
});

describe('audit entries in words', () => {
  it('names the person and the step, never their ids', () => {
    expect(changeInWords(entry('StepSignedOff', { stepId: 'core.build-services', note: 'Checked' }), context)).toEqual({
      text: 'Dr Sam Patel signed off ‘Build services on the Directory of Services’',
      at: '2026-12-03T10:15:00.000Z',
      detail: 'Checked',
    });
    expect(changeInWords(entry('StepAssigned', { stepId: 'core.build-services', assigneeId: 'p-1' }), context).text).toBe(
      'Dr Sam Patel assigned ‘Build services on the Directory of Services’ to Chris Taylor',
    );
    expect(changeInWords(entry('StepCompleted', { stepId: 'core.build-services', awaitingSignOff: true, note: null }), context)).toMatchObject({
      text: 'Dr Sam Patel completed ‘Build services on the Directory of Services’ (awaiting sign-off)',
      detail: null,
    });
    expect(changeInWords(entry('StepWaived', { stepId: 'core.build-services', reason: 'Not offered here' }), context)).toMatchObject({
      detail: 'Not offered here',
    });
  });

  it('describes what it cannot name instead of showing an id', () => {
    const text = changeInWords(entry('StepAssigned', { stepId: 'core.gone', assigneeId: 'p-404' }, null), context).text;
    expect(text).toBe('Someone assigned a step no longer in the checklist to a person no longer recorded');
  });

  it('writes dates and roles for people, and says what kind of change an unknown event was', () => {
    expect(changeInWords(entry('GoLiveDateChanged', { from: '2027-03-01', to: '2027-04-15', reason: 'Supplier delay' }), context)).toMatchObject({
      text: 'Dr Sam Patel moved go-live from 1 March 2027 to 15 April 2027',
      detail: 'Supplier delay',
    });
    expect(changeInWords(entry('PersonAdded', { name: 'Chris Taylor', role: 'service-manager' }), context).text).toBe(
      'Dr Sam Patel added Chris Taylor as service manager and sent them an invitation',
    );
    expect(changeInWords(entry('SomethingNewHappened', {}), context).text).toBe('Dr Sam Patel recorded: Something new happened');
  });
});
