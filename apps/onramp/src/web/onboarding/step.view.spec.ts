import type { PersonView } from '../../organisations';
import { anchoredErrors, provenanceInWords, stepActions, validateStepForm, emptyValues, type StepActor } from './step.view';
import { aRunView, aStepView } from './testing/step-view.builder';

const lead: StepActor = { id: 'u-lead', role: 'implementation-lead' };
const clinical: StepActor = { id: 'u-clinical', role: 'clinical-lead' };
const contributor: StepActor = { id: 'u-contributor', role: 'contributor' };
const viewer: StepActor = { id: 'u-viewer', role: 'viewer' };
const national: StepActor = { id: 'u-national', role: 'national-team' };
const shown = (a: ReturnType<typeof stepActions>) => (['assign', 'start', 'complete', 'signOff', 'waive', 'reopen'] as const).filter((k) => a[k]);

describe('the actions a step page offers', () => {
  it('gives a not-started step its start, complete, assign and waive forms by role; viewers and the national team get none', () => {
    const step = aStepView();
    const run = aRunView([step]);
    expect(shown(stepActions(step, run, lead))).toEqual(['assign', 'start', 'complete', 'waive']);
    expect(shown(stepActions(step, run, contributor))).toEqual(['start', 'complete', 'waive']);
    for (const actor of [viewer, national]) expect(stepActions(step, run, actor)).toMatchObject({ any: false, waitingOn: [], signOffNote: null });
  });

  it('offers no completion while a step it depends on is unsettled, and says which', () => {
    const before = aStepView({ id: 'core.before', title: 'Before', status: 'in-progress' });
    const step = aStepView({ dependsOn: ['core.before'] });
    const actions = stepActions(step, aRunView([before, step]), contributor);
    expect(actions.complete).toBe(false);
    expect(actions.waitingOn).toEqual([{ id: 'core.before', title: 'Before' }]);
    expect(stepActions(step, aRunView([{ ...before, status: 'waived' }, step]), contributor).complete).toBe(true);
  });

  it('keeps waiving a gate step for the clinical lead, and a step with a sign-off role for that role', () => {
    const gate = aStepView({ gate: true });
    expect(stepActions(gate, aRunView([gate]), lead).waive).toBe(false);
    expect(stepActions(gate, aRunView([gate]), clinical).waive).toBe(true);
    const signed = aStepView({ signOffRole: 'clinical-lead' });
    expect(stepActions(signed, aRunView([signed]), lead).waive).toBe(false);
    expect(stepActions(signed, aRunView([signed]), clinical).waive).toBe(true);
  });

  it('four eyes: whoever completed the step gets no sign-off form, and the page says why', () => {
    const awaiting = aStepView({
      status: 'awaiting-sign-off',
      signOffRole: 'clinical-lead',
      completedBy: { id: 'u-clinical', role: 'clinical-lead', label: 'Dr Sam Patel' },
    });
    const run = aRunView([awaiting]);
    expect(stepActions(awaiting, run, clinical)).toMatchObject({
      signOff: false,
      signOffNote: 'You completed this step yourself, so someone else must sign it off (four eyes).',
    });
    expect(stepActions(awaiting, run, { ...clinical, id: 'u-other' })).toMatchObject({ signOff: true, signOffNote: null });
    // Where the organisation allows self sign-off, the completer gets the form, and is told the trail will say so.
    expect(stepActions(awaiting, run, { ...clinical, allowSelfSignOff: true })).toMatchObject({
      signOff: true,
      signOffNote: expect.stringContaining('allows you'),
    });
    expect(stepActions(awaiting, run, lead)).toMatchObject({
      signOff: false,
      signOffNote: 'This step is waiting to be signed off by the clinical lead.',
      reopen: true,
    });
    expect(shown(stepActions(awaiting, run, contributor))).toEqual([]);
  });

  it('points an error of a form the page no longer shows at the actions section', () => {
    const waiting = aStepView({ dependsOn: ['core.before'] });
    const actions = stepActions(waiting, aRunView([aStepView({ id: 'core.before' }), waiting]), contributor);
    expect(
      anchoredErrors(
        [
          { field: 'complete', message: 'No' },
          { field: 'waiveReason', message: 'Why' },
        ],
        actions,
      ),
    ).toEqual([
      { field: 'actions', message: 'No' },
      { field: 'waiveReason', message: 'Why' },
    ]);
  });

  it('lets leads reopen a settled step, and nobody start or complete it', () => {
    const done = aStepView({ status: 'done' });
    expect(shown(stepActions(done, aRunView([done]), lead))).toEqual(['reopen']);
    expect(shown(stepActions(done, aRunView([done]), contributor))).toEqual([]);
  });
});

describe('where a step comes from', () => {
  it('in words, from the origin a checklist records', () => {
    expect(provenanceInWords({ source: 'core', reason: 'core e-RS onboarding checklist' })).toBe(
      'Part of the core e-RS onboarding checklist that every organisation follows.',
    );
    expect(provenanceInWords({ source: 'acute', reason: 'added by plugin acute@1.0.0 because organisation type is acute' })).toBe(
      'Added by the ‘acute’ plugin (version 1.0.0) because the organisation is an acute trust.',
    );
    expect(provenanceInWords({ source: 'x', reason: 'added by plugin x@2.1.0 because organisation type is independent-sector or mental-health' })).toBe(
      'Added by the ‘x’ plugin (version 2.1.0) because the organisation is an independent sector provider or a mental health provider.',
    );
    expect(provenanceInWords({ source: 'all', reason: 'added by plugin all@1.0.0 because every organisation type' })).toBe(
      'Added by the ‘all’ plugin (version 1.0.0) because it applies to every type of organisation.',
    );
  });
});

describe('the step forms’ fields', () => {
  const people = [{ id: 'p-1', name: 'Jo', email: '', role: 'it-lead', accessRole: 'contributor', createdAt: '' }] as PersonView[];
  const step = aStepView({ evidenceRequired: [{ key: 'record', description: 'The record' }] });
  const check = (action: Parameters<typeof validateStepForm>[0], values: Partial<ReturnType<typeof emptyValues>>) =>
    validateStepForm(action, { ...emptyValues(), ...values }, step, people);

  it('are checked with the API’s limits and named in words on the field', () => {
    expect(check('waive', {})).toEqual([{ field: 'waiveReason', message: 'Enter the reason the step does not apply' }]);
    expect(check('waive', { waiveReason: 'too short' })).toEqual([
      { field: 'waiveReason', message: 'Enter the reason the step does not apply of at least 10 characters' },
    ]);
    expect(check('waive', { waiveReason: 'Long enough reason' })).toEqual([]);
    expect(check('reopen', { reopenReason: 'x'.repeat(1001) })).toEqual([
      { field: 'reopenReason', message: 'Enter the reason for reopening the step of 1000 characters or fewer' },
    ]);
    expect(check('complete', {})).toEqual([{ field: 'evidence-record', message: 'Enter where the evidence is kept (a link or document reference)' }]);
    expect(check('complete', { evidence: { record: 'line\none' } })).toEqual([
      { field: 'evidence-record', message: 'Enter where the evidence is kept (a link or document reference) on one line' },
    ]);
    expect(check('complete', { evidence: { record: 'https://x.example/doc' }, completeNote: 'Two\nlines are fine' })).toEqual([]);
    expect(check('assign', { personId: 'p-404' })).toEqual([{ field: 'personId', message: 'Select the person to assign the step to' }]);
    expect(check('assign', { personId: 'p-1' })).toEqual([]);
    expect(check('start', {})).toEqual([]);
  });
});
