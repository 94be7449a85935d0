import { DomainError } from '../../shared/domain/domain-error';
import { compactState, expandState, OnboardingRun } from './onboarding-run';
import type { OnboardingEvent } from './onboarding.events';
import { actor, evidence, step } from './testing/step-definition.builder';

const NOW = new Date('2026-06-01T09:00:00Z');
const LATER = new Date('2026-06-02T10:30:00Z');
const GO_LIVE = '2026-09-01';

const APPOINT = 'core.appoint-lead';
const SERVICES = 'core.configure-services';
const TRAINING = 'core.train-staff';
const CHECK = 'core.go-live-check';

/** A small checklist: a gate step with sign-off depending on a plain step, and a final check depending on two steps. */
const appointLead = step(APPOINT, { evidence: [evidence('appointment-record')], dueOffsetDays: -90 });
const configureServices = step(SERVICES, {
  dependsOn: [APPOINT],
  signOffRole: 'clinical-lead',
  gate: true,
  evidence: [evidence('dos-export'), evidence('service-list')],
  dueOffsetDays: -30,
});
const trainStaff = step(TRAINING);
const goLiveCheck = step(CHECK, { dependsOn: [SERVICES, TRAINING], signOffRole: 'implementation-lead' });

const implementationLead = actor('implementation-lead');
const clinicalLead = actor('clinical-lead');
const contributor = actor('contributor');

function startRun(goLiveDate = GO_LIVE): OnboardingRun {
  // Deliberately not in dependency order: start must sort them.
  const run = OnboardingRun.start({
    id: 'run-1',
    organisation: 'RH8',
    goLiveDate,
    catalogueVersion: '2026.11.1',
    steps: [goLiveCheck, configureServices, trainStaff, appointLead],
    now: NOW,
  });
  run.pullEvents();
  return run;
}

const types = (events: OnboardingEvent[]) => events.map((e) => e.type);

/** Runs a command that must be refused, and checks the refusal left the run exactly as it was. */
function refused(run: OnboardingRun, command: () => void): DomainError {
  const before = run.snapshot();
  let error: unknown;
  try {
    command();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DomainError);
  expect(run.snapshot()).toEqual(before);
  expect(run.pullEvents()).toEqual([]);
  return error as DomainError;
}

function completeAppoint(run: OnboardingRun, now = NOW) {
  run.complete(APPOINT, { evidence: [{ key: 'appointment-record', reference: 'board-minute-42' }], note: null, actor: implementationLead, now });
}

function completeServices(run: OnboardingRun, now = NOW) {
  run.complete(SERVICES, {
    evidence: [
      { key: 'dos-export', reference: 'dos-2026-06.csv' },
      { key: 'service-list', reference: 'services.xlsx' },
    ],
    note: 'all services published',
    actor: implementationLead,
    now,
  });
}

function completeTraining(run: OnboardingRun, now = NOW) {
  run.complete(TRAINING, { evidence: [], note: null, actor: implementationLead, now });
}

/** Appoint done, services done (signed off), training done, check awaiting sign-off. */
function runWithEverythingCompleted(): OnboardingRun {
  const run = startRun();
  completeAppoint(run);
  completeServices(run);
  run.signOff(SERVICES, { actor: clinicalLead, note: null, now: NOW });
  completeTraining(run);
  run.complete(CHECK, { evidence: [], note: null, actor: implementationLead, now: NOW });
  run.pullEvents();
  return run;
}

describe('OnboardingRun', () => {
  describe('start', () => {
    it('records OnboardingStarted with the step ids in dependency order', () => {
      const run = OnboardingRun.start({
        id: 'run-1',
        organisation: 'RH8',
        goLiveDate: GO_LIVE,
        catalogueVersion: '2026.11.1',
        steps: [goLiveCheck, configureServices, trainStaff, appointLead],
        now: NOW,
      });

      const events = run.pullEvents();
      expect(types(events)).toEqual(['OnboardingStarted']);
      expect(events[0]).toMatchObject({
        organisation: 'RH8',
        runId: 'run-1',
        occurredAt: '2026-06-01T09:00:00.000Z',
        goLiveDate: GO_LIVE,
        catalogueVersion: '2026.11.1',
        stepIds: [APPOINT, SERVICES, TRAINING, CHECK],
      });
      expect(run.pullEvents()).toEqual([]);
    });

    it('orders the definitions so every step comes after the steps it depends on', () => {
      const run = startRun();

      const ids = run.definitions.map((d) => d.id);
      expect(ids).toEqual([APPOINT, SERVICES, TRAINING, CHECK]);
      for (const d of run.definitions) for (const dep of d.dependsOn) expect(ids.indexOf(dep)).toBeLessThan(ids.indexOf(d.id));
    });

    it('starts every step not started and unassigned, at version 0', () => {
      const run = startRun();

      const snapshot = run.snapshot();
      expect(run.version).toBe(0);
      expect(snapshot).toMatchObject({
        id: 'run-1',
        organisation: 'RH8',
        goLiveDate: GO_LIVE,
        catalogueVersion: '2026.11.1',
        startedAt: '2026-06-01T09:00:00.000Z',
      });
      expect(Object.keys(snapshot.steps).sort()).toEqual([APPOINT, CHECK, SERVICES, TRAINING].sort());
      for (const state of Object.values(snapshot.steps))
        expect(state).toMatchObject({ status: 'not-started', assigneeId: null, settledAt: null, evidence: [] });
    });

    it.each([
      ['today', '2026-06-01'],
      ['yesterday', '2026-05-31'],
    ])('refuses a go-live date of %s with ONBOARDING.GO_LIVE_DATE_IN_PAST', (_label, goLiveDate) => {
      expect(() => startRun(goLiveDate)).toThrow(expect.objectContaining({ code: 'ONBOARDING.GO_LIVE_DATE_IN_PAST', details: { field: 'goLiveDate' } }));
    });

    it('accepts a go-live date of tomorrow', () => {
      expect(startRun('2026-06-02').goLiveDate).toBe('2026-06-02');
    });
  });

  describe('step', () => {
    it('gives the due date relative to the go-live date', () => {
      const run = startRun();

      expect(run.step(SERVICES).dueDate).toBe('2026-08-02');
      expect(run.step(APPOINT).dueDate).toBe('2026-06-03');
      expect(run.step(TRAINING).dueDate).toBe(GO_LIVE);
    });

    it('refuses an unknown step with ONBOARDING.STEP_NOT_FOUND and changes nothing', () => {
      const run = startRun();

      expect(refused(run, () => run.startStep('core.nope', NOW))).toMatchObject({
        code: 'ONBOARDING.STEP_NOT_FOUND',
        kind: 'not-found',
        details: { stepId: 'core.nope' },
      });
      expect(refused(run, () => run.assign('core.nope', 'person-1', NOW)).code).toBe('ONBOARDING.STEP_NOT_FOUND');
    });
  });

  describe('checkVersion', () => {
    it('accepts the current version or no expectation', () => {
      const run = OnboardingRun.restore(startRun().snapshot(), 3);

      expect(() => run.checkVersion(3)).not.toThrow();
      expect(() => run.checkVersion(undefined)).not.toThrow();
    });

    it('refuses a stale version with ONBOARDING.VERSION_MISMATCH', () => {
      const run = OnboardingRun.restore(startRun().snapshot(), 3);

      const error = refused(run, () => run.checkVersion(2));
      expect(error).toMatchObject({ code: 'ONBOARDING.VERSION_MISMATCH', kind: 'precondition', details: { expected: 2, actual: 3 } });
    });
  });

  describe('restore and snapshot', () => {
    it('round-trips the state and keeps no reference to the given snapshot', () => {
      const original = startRun();
      completeAppoint(original);
      const snapshot = original.snapshot();

      const restored = OnboardingRun.restore(snapshot, 7);
      snapshot.steps[APPOINT].status = 'not-started';

      expect(restored.version).toBe(7);
      expect(restored.step(APPOINT).state.status).toBe('done');
      expect(restored.snapshot()).toEqual(original.snapshot());
      expect(restored.pullEvents()).toEqual([]);
    });

    it('hands out copies, so editing a snapshot does not change the run', () => {
      const run = startRun();

      run.snapshot().steps[APPOINT].status = 'done';

      expect(run.step(APPOINT).state.status).toBe('not-started');
    });
  });

  describe('assign', () => {
    it('records StepAssigned with no previous assignee the first time', () => {
      const run = startRun();

      run.assign(APPOINT, 'person-1', NOW);

      const events = run.pullEvents();
      expect(types(events)).toEqual(['StepAssigned']);
      expect(events[0]).toMatchObject({ stepId: APPOINT, assigneeId: 'person-1', previousAssigneeId: null });
      expect(run.step(APPOINT).state.assigneeId).toBe('person-1');
    });

    it('records the previous assignee on reassignment', () => {
      const run = startRun();
      run.assign(APPOINT, 'person-1', NOW);
      run.pullEvents();

      run.assign(APPOINT, 'person-2', LATER);

      const events = run.pullEvents();
      expect(types(events)).toEqual(['StepAssigned']);
      expect(events[0]).toMatchObject({ assigneeId: 'person-2', previousAssigneeId: 'person-1', occurredAt: LATER.toISOString() });
    });

    it('records nothing when the same person is assigned twice', () => {
      const run = startRun();
      run.assign(APPOINT, 'person-1', NOW);
      run.pullEvents();
      const before = run.snapshot();

      run.assign(APPOINT, 'person-1', LATER);

      expect(run.pullEvents()).toEqual([]);
      expect(run.snapshot()).toEqual(before);
    });
  });

  describe('startStep', () => {
    it('moves a not-started step to in-progress and records StepStarted', () => {
      const run = startRun();

      run.startStep(APPOINT, NOW);

      expect(types(run.pullEvents())).toEqual(['StepStarted']);
      expect(run.step(APPOINT).state).toMatchObject({ status: 'in-progress', startedAt: NOW.toISOString() });
    });

    it('refuses to start a step that is already in progress', () => {
      const run = startRun();
      run.startStep(APPOINT, NOW);
      run.pullEvents();

      expect(refused(run, () => run.startStep(APPOINT, LATER))).toMatchObject({
        code: 'ONBOARDING.INVALID_TRANSITION',
        details: { stepId: APPOINT, stepStatus: 'in-progress', action: 'started' },
      });
    });

    it('refuses to start a done step', () => {
      const run = startRun();
      completeAppoint(run);
      run.pullEvents();

      expect(refused(run, () => run.startStep(APPOINT, LATER)).code).toBe('ONBOARDING.INVALID_TRANSITION');
    });
  });

  describe('complete', () => {
    it('moves a step without a sign-off role straight to done and records StepCompleted', () => {
      const run = startRun();

      completeAppoint(run);

      const events = run.pullEvents();
      expect(types(events)).toEqual(['StepCompleted']);
      expect(events[0]).toMatchObject({
        stepId: APPOINT,
        awaitingSignOff: false,
        evidence: [{ key: 'appointment-record', reference: 'board-minute-42' }],
        note: null,
      });
      expect(run.step(APPOINT).state).toMatchObject({
        status: 'done',
        startedAt: NOW.toISOString(),
        completedAt: NOW.toISOString(),
        settledAt: NOW.toISOString(),
        completedBy: { id: implementationLead.id, role: 'implementation-lead', label: implementationLead.label },
        evidence: [{ key: 'appointment-record', reference: 'board-minute-42' }],
      });
    });

    it('keeps the original start time of a step that was started', () => {
      const run = startRun();
      run.startStep(APPOINT, NOW);

      completeAppoint(run, LATER);

      expect(run.step(APPOINT).state).toMatchObject({ startedAt: NOW.toISOString(), completedAt: LATER.toISOString() });
    });

    it('moves a step with a sign-off role to awaiting-sign-off, not settled', () => {
      const run = startRun();
      completeAppoint(run);
      run.pullEvents();

      completeServices(run);

      const events = run.pullEvents();
      expect(types(events)).toEqual(['StepCompleted']);
      expect(events[0]).toMatchObject({ stepId: SERVICES, awaitingSignOff: true, note: 'all services published' });
      expect(run.step(SERVICES).state).toMatchObject({ status: 'awaiting-sign-off', settledAt: null, completedAt: NOW.toISOString() });
    });

    it('refuses with ONBOARDING.DEPENDENCY_INCOMPLETE listing every pending dependency', () => {
      const run = startRun();

      const error = refused(run, () => run.complete(CHECK, { evidence: [], note: null, actor: implementationLead, now: NOW }));

      expect(error).toMatchObject({ code: 'ONBOARDING.DEPENDENCY_INCOMPLETE', kind: 'conflict', details: { stepId: CHECK, pending: [SERVICES, TRAINING] } });
      expect(error.message).toContain(`${SERVICES}, ${TRAINING} are done or waived`);
    });

    it('treats a dependency awaiting sign-off as not yet satisfied', () => {
      const run = startRun();
      completeAppoint(run);
      completeServices(run);
      completeTraining(run);
      run.pullEvents();

      const error = refused(run, () => run.complete(CHECK, { evidence: [], note: null, actor: implementationLead, now: NOW }));

      expect(error).toMatchObject({ code: 'ONBOARDING.DEPENDENCY_INCOMPLETE', details: { pending: [SERVICES] } });
    });

    it('treats a waived dependency as satisfied', () => {
      const run = startRun();
      run.waive(APPOINT, { reason: 'lead already in post', actor: implementationLead, now: NOW });
      run.pullEvents();

      completeServices(run);

      expect(types(run.pullEvents())).toEqual(['StepCompleted']);
      expect(run.step(SERVICES).state.status).toBe('awaiting-sign-off');
    });

    it('refuses with ONBOARDING.EVIDENCE_MISSING naming the missing keys', () => {
      const run = startRun();
      completeAppoint(run);
      run.pullEvents();

      const error = refused(run, () =>
        run.complete(SERVICES, { evidence: [{ key: 'dos-export', reference: 'x.csv' }], note: null, actor: implementationLead, now: NOW }),
      );

      expect(error).toMatchObject({ code: 'ONBOARDING.EVIDENCE_MISSING', details: { stepId: SERVICES, missing: ['service-list'] } });
    });

    it('refuses with ONBOARDING.UNKNOWN_EVIDENCE_KEY naming the unknown key and the expected ones', () => {
      const run = startRun();

      const error = refused(run, () =>
        run.complete(APPOINT, {
          evidence: [
            { key: 'appointment-record', reference: 'minute' },
            { key: 'selfie', reference: 'me.jpg' },
          ],
          note: null,
          actor: implementationLead,
          now: NOW,
        }),
      );

      expect(error).toMatchObject({
        code: 'ONBOARDING.UNKNOWN_EVIDENCE_KEY',
        kind: 'invalid',
        details: { stepId: APPOINT, unknown: ['selfie'], expected: ['appointment-record'] },
      });
    });

    it('refuses evidence on a step that requires none', () => {
      const run = startRun();

      const error = refused(run, () =>
        run.complete(TRAINING, { evidence: [{ key: 'register', reference: 'r' }], note: null, actor: implementationLead, now: NOW }),
      );

      expect(error).toMatchObject({ code: 'ONBOARDING.UNKNOWN_EVIDENCE_KEY', details: { unknown: ['register'], expected: [] } });
    });

    it('refuses to complete a step twice', () => {
      const run = startRun();
      completeAppoint(run);
      run.pullEvents();

      expect(refused(run, () => completeAppoint(run, LATER))).toMatchObject({
        code: 'ONBOARDING.INVALID_TRANSITION',
        details: { stepStatus: 'done', action: 'completed' },
      });
    });

    it('refuses to complete a step that awaits sign-off', () => {
      const run = startRun();
      completeAppoint(run);
      completeServices(run);
      run.pullEvents();

      expect(refused(run, () => completeServices(run, LATER))).toMatchObject({
        code: 'ONBOARDING.INVALID_TRANSITION',
        details: { stepStatus: 'awaiting-sign-off' },
      });
    });
  });

  describe('signOff', () => {
    function runAwaitingSignOff(): OnboardingRun {
      const run = startRun();
      completeAppoint(run);
      completeServices(run);
      run.pullEvents();
      return run;
    }

    it('moves an awaiting step to done when the required role signs off, recording StepSignedOff', () => {
      const run = runAwaitingSignOff();

      run.signOff(SERVICES, { actor: clinicalLead, note: 'checked the DoS', now: LATER });

      const events = run.pullEvents();
      expect(types(events)).toEqual(['StepSignedOff']);
      expect(events[0]).toMatchObject({ stepId: SERVICES, role: 'clinical-lead', note: 'checked the DoS' });
      expect(run.step(SERVICES).state).toMatchObject({
        status: 'done',
        signedOffAt: LATER.toISOString(),
        settledAt: LATER.toISOString(),
        signedOffBy: { id: clinicalLead.id, role: 'clinical-lead', label: clinicalLead.label },
      });
    });

    describe('four eyes', () => {
      /** The clinical lead completes the step they must also sign off. */
      function completedByTheSignOffPerson(): OnboardingRun {
        const run = startRun();
        completeAppoint(run);
        run.complete(SERVICES, {
          evidence: [
            { key: 'dos-export', reference: 'dos-2026-06.csv' },
            { key: 'service-list', reference: 'services.xlsx' },
          ],
          note: null,
          actor: clinicalLead,
          now: LATER,
        });
        run.pullEvents();
        return run;
      }

      it('refuses a sign-off by the person who completed the step, changing nothing', () => {
        const run = completedByTheSignOffPerson();
        const before = run.step(SERVICES).state;

        const error = refused(run, () => run.signOff(SERVICES, { actor: clinicalLead, note: null, now: LATER }));

        expect(error).toMatchObject({ code: 'ONBOARDING.SELF_SIGN_OFF', kind: 'conflict', details: { stepId: SERVICES } });
        expect(run.step(SERVICES).state).toEqual(before);
      });

      it('allows it when the organisation allows self sign-off, and the event says it was one', () => {
        const run = completedByTheSignOffPerson();

        run.signOff(SERVICES, { actor: clinicalLead, note: null, now: LATER, allowSelfSignOff: true });

        const [event] = run.pullEvents();
        expect(event).toMatchObject({ type: 'StepSignedOff', selfSignOff: true });
        expect(run.step(SERVICES).state.status).toBe('done');
      });

      it('records an ordinary sign-off as not a self sign-off', () => {
        const run = runAwaitingSignOff();
        run.signOff(SERVICES, { actor: clinicalLead, note: null, now: LATER, allowSelfSignOff: true });
        expect(run.pullEvents()[0]).toMatchObject({ selfSignOff: false });
      });
    });

    it('refuses the wrong role with ONBOARDING.SIGN_OFF_ROLE_REQUIRED', () => {
      const run = runAwaitingSignOff();

      const error = refused(run, () => run.signOff(SERVICES, { actor: implementationLead, note: null, now: LATER }));

      expect(error).toMatchObject({
        code: 'ONBOARDING.SIGN_OFF_ROLE_REQUIRED',
        details: { stepId: SERVICES, required: 'clinical-lead', actual: 'implementation-lead' },
      });
    });

    it('refuses a step without a sign-off role with ONBOARDING.SIGN_OFF_NOT_REQUIRED', () => {
      const run = startRun();
      completeAppoint(run);
      run.pullEvents();

      expect(refused(run, () => run.signOff(APPOINT, { actor: clinicalLead, note: null, now: LATER })).code).toBe('ONBOARDING.SIGN_OFF_NOT_REQUIRED');
    });

    it('refuses a step that is not awaiting sign-off with ONBOARDING.INVALID_TRANSITION', () => {
      const run = startRun();
      completeAppoint(run);
      run.pullEvents();

      expect(refused(run, () => run.signOff(SERVICES, { actor: clinicalLead, note: null, now: LATER }))).toMatchObject({
        code: 'ONBOARDING.INVALID_TRANSITION',
        details: { stepId: SERVICES, stepStatus: 'not-started', action: 'signed off' },
      });
    });

    it('refuses to sign off a step twice', () => {
      const run = runAwaitingSignOff();
      run.signOff(SERVICES, { actor: clinicalLead, note: null, now: LATER });
      run.pullEvents();

      expect(refused(run, () => run.signOff(SERVICES, { actor: clinicalLead, note: null, now: LATER })).code).toBe('ONBOARDING.INVALID_TRANSITION');
    });
  });

  describe('waive', () => {
    it('waives a non-gate step for any role and records StepWaived', () => {
      const run = startRun();

      run.waive(TRAINING, { reason: 'staff already trained', actor: contributor, now: NOW });

      const events = run.pullEvents();
      expect(types(events)).toEqual(['StepWaived']);
      expect(events[0]).toMatchObject({ stepId: TRAINING, reason: 'staff already trained' });
      expect(run.step(TRAINING).state).toMatchObject({
        status: 'waived',
        waivedAt: NOW.toISOString(),
        settledAt: NOW.toISOString(),
        waiverReason: 'staff already trained',
        waivedBy: { id: contributor.id, role: 'contributor', label: contributor.label },
      });
    });

    it('lets the clinical lead waive a gate step', () => {
      const run = startRun();

      run.waive(SERVICES, { reason: 'no services on e-RS yet', actor: clinicalLead, now: NOW });

      expect(types(run.pullEvents())).toEqual(['StepWaived']);
      expect(run.step(SERVICES).state.status).toBe('waived');
    });

    it.each([['implementation-lead'], ['contributor'], ['admin']] as const)(
      'refuses a gate waiver by %s with ONBOARDING.GATE_WAIVER_REQUIRES_CLINICAL_LEAD',
      (role) => {
        const run = startRun();

        const error = refused(run, () => run.waive(SERVICES, { reason: 'skip it', actor: actor(role), now: NOW }));

        expect(error).toMatchObject({ code: 'ONBOARDING.GATE_WAIVER_REQUIRES_CLINICAL_LEAD', details: { stepId: SERVICES, actual: role } });
      },
    );

    it('refuses to waive a step awaiting sign-off: the signer decides, or it is reopened', () => {
      const run = startRun();
      completeAppoint(run);
      completeServices(run);
      run.pullEvents();

      expect(refused(run, () => run.waive(SERVICES, { reason: 'service withdrawn', actor: clinicalLead, now: LATER }))).toMatchObject({
        code: 'ONBOARDING.INVALID_TRANSITION',
        details: { stepId: SERVICES, stepStatus: 'awaiting-sign-off', action: 'waived' },
      });
    });

    it('lets only the sign-off role waive a non-gate step that has one', () => {
      const run = OnboardingRun.start({
        id: 'run-waiver',
        organisation: 'RH8',
        goLiveDate: '2026-12-01',
        catalogueVersion: 'test',
        steps: [step('core.review-rules', { signOffRole: 'clinical-lead', gate: false })],
        now: NOW,
      });
      run.pullEvents();

      expect(refused(run, () => run.waive('core.review-rules', { reason: 'not for us', actor: actor('implementation-lead'), now: NOW }))).toMatchObject({
        code: 'ONBOARDING.WAIVER_REQUIRES_SIGN_OFF_ROLE',
        details: { stepId: 'core.review-rules', required: 'clinical-lead', actual: 'implementation-lead' },
      });
      run.waive('core.review-rules', { reason: 'not for us', actor: clinicalLead, now: NOW });
      expect(run.step('core.review-rules').state.status).toBe('waived');
    });

    it('refuses to waive a done step with ONBOARDING.INVALID_TRANSITION', () => {
      const run = startRun();
      completeAppoint(run);
      run.pullEvents();

      expect(refused(run, () => run.waive(APPOINT, { reason: 'r', actor: clinicalLead, now: LATER }))).toMatchObject({
        code: 'ONBOARDING.INVALID_TRANSITION',
        details: { stepStatus: 'done', action: 'waived' },
      });
    });

    it('refuses to waive a waived step with ONBOARDING.INVALID_TRANSITION', () => {
      const run = startRun();
      run.waive(TRAINING, { reason: 'r', actor: contributor, now: NOW });
      run.pullEvents();

      expect(refused(run, () => run.waive(TRAINING, { reason: 'again', actor: contributor, now: LATER })).code).toBe('ONBOARDING.INVALID_TRANSITION');
    });
  });

  describe('reopen', () => {
    it('reopens a done step to in-progress, keeping assignee and start, moving the completion into history, and records StepReopened', () => {
      const run = startRun();
      run.assign(TRAINING, 'person-1', NOW);
      run.startStep(TRAINING, NOW);
      run.complete(TRAINING, { evidence: [], note: 'all trained', actor: contributor, now: LATER });
      run.pullEvents();

      run.reopen(TRAINING, { reason: 'trainer left', actor: implementationLead, now: LATER });

      const events = run.pullEvents();
      expect(types(events)).toEqual(['StepReopened']);
      expect(events[0]).toMatchObject({
        stepId: TRAINING,
        previousStatus: 'done',
        reason: 'trainer left',
        reopenedBy: { id: implementationLead.id, role: 'implementation-lead' },
        previouslyCompletedBy: { id: contributor.id, role: 'contributor' },
      });
      expect(run.step(TRAINING).state).toEqual({
        status: 'in-progress',
        assigneeId: 'person-1',
        startedAt: NOW.toISOString(),
        completedAt: null,
        completedBy: null,
        evidence: [],
        note: null,
        signedOffAt: null,
        signedOffBy: null,
        waivedAt: null,
        waivedBy: null,
        waiverReason: null,
        settledAt: null,
        history: [
          {
            status: 'done',
            completedAt: LATER.toISOString(),
            completedBy: { id: contributor.id, role: 'contributor', label: contributor.label },
            evidence: [],
            note: 'all trained',
            signedOffAt: null,
            signedOffBy: null,
            waivedAt: null,
            waivedBy: null,
            waiverReason: null,
            reopenedAt: LATER.toISOString(),
            reopenedBy: { id: implementationLead.id, role: 'implementation-lead', label: implementationLead.label },
            reopenReason: 'trainer left',
          },
        ],
      });
    });

    it('keeps every earlier completion in order when a step is reopened more than once', () => {
      const run = startRun();
      completeTraining(run, NOW);
      run.reopen(TRAINING, { reason: 'first reason', actor: implementationLead, now: NOW });
      run.complete(TRAINING, { evidence: [], note: 'second go', actor: contributor, now: LATER });
      run.reopen(TRAINING, { reason: 'second reason', actor: implementationLead, now: LATER });

      expect(run.step(TRAINING).state.history.map((h) => [h.note, h.reopenReason])).toEqual([
        [null, 'first reason'],
        ['second go', 'second reason'],
      ]);
    });

    it('reopens a waived step to not-started, clearing the waiver', () => {
      const run = startRun();
      run.waive(TRAINING, { reason: 'r', actor: contributor, now: NOW });
      run.pullEvents();

      run.reopen(TRAINING, { reason: 'it does apply', actor: implementationLead, now: LATER });

      const events = run.pullEvents();
      expect(types(events)).toEqual(['StepReopened']);
      expect(events[0]).toMatchObject({ previousStatus: 'waived' });
      expect(run.step(TRAINING).state).toMatchObject({
        status: 'not-started',
        startedAt: null,
        waivedAt: null,
        waivedBy: null,
        waiverReason: null,
        settledAt: null,
      });
    });

    it('reopens a step awaiting sign-off to in-progress', () => {
      const run = startRun();
      completeAppoint(run);
      completeServices(run);
      run.pullEvents();

      run.reopen(SERVICES, { reason: 'wrong export', actor: implementationLead, now: LATER });

      expect(types(run.pullEvents())).toEqual(['StepReopened']);
      expect(run.step(SERVICES).state).toMatchObject({ status: 'in-progress', evidence: [], completedAt: null });
    });

    it('refuses with ONBOARDING.DEPENDENTS_PROGRESSED while a dependent is done or awaiting sign-off, naming them', () => {
      const run = runWithEverythingCompleted();

      const error = refused(run, () => run.reopen(APPOINT, { reason: 'r', actor: implementationLead, now: LATER }));

      // configure-services is done and go-live-check (a dependent of a dependent) awaits sign-off.
      expect(error.code).toBe('ONBOARDING.DEPENDENTS_PROGRESSED');
      expect((error.details.dependents as string[]).slice().sort()).toEqual([SERVICES, CHECK].sort());
    });

    it('allows reopening once the dependents are no longer progressed', () => {
      const run = startRun();
      completeAppoint(run);
      completeServices(run);
      run.reopen(SERVICES, { reason: 'redo', actor: implementationLead, now: NOW });
      run.pullEvents();

      run.reopen(APPOINT, { reason: 'new lead', actor: implementationLead, now: LATER });

      expect(types(run.pullEvents())).toEqual(['StepReopened']);
      expect(run.step(APPOINT).state.status).toBe('in-progress');
    });

    it.each([
      ['not-started', (_run: OnboardingRun) => undefined],
      ['in-progress', (run: OnboardingRun) => run.startStep(TRAINING, NOW)],
    ])('refuses a %s step with ONBOARDING.INVALID_TRANSITION', (status, arrange) => {
      const run = startRun();
      arrange(run);
      run.pullEvents();

      expect(refused(run, () => run.reopen(TRAINING, { reason: 'r', actor: implementationLead, now: LATER }))).toMatchObject({
        code: 'ONBOARDING.INVALID_TRANSITION',
        details: { stepStatus: status, action: 'reopened' },
      });
    });
  });

  describe('changeGoLiveDate', () => {
    it('moves the go-live date, the due dates with it, and records GoLiveDateChanged', () => {
      const run = startRun();

      run.changeGoLiveDate('2026-10-01', { reason: 'supplier delay', now: LATER });

      const events = run.pullEvents();
      expect(types(events)).toEqual(['GoLiveDateChanged']);
      expect(events[0]).toMatchObject({ from: GO_LIVE, to: '2026-10-01', reason: 'supplier delay', occurredAt: LATER.toISOString() });
      expect(run.goLiveDate).toBe('2026-10-01');
      expect(run.step(SERVICES).dueDate).toBe('2026-09-01');
    });

    it.each([
      ['today', '2026-06-01'],
      ['in the past', '2026-05-01'],
    ])('refuses a date %s with ONBOARDING.GO_LIVE_DATE_IN_PAST', (_label, date) => {
      const run = startRun();

      expect(refused(run, () => run.changeGoLiveDate(date, { reason: null, now: NOW }))).toMatchObject({
        code: 'ONBOARDING.GO_LIVE_DATE_IN_PAST',
        kind: 'invalid',
      });
    });

    it('refuses the current date with ONBOARDING.GO_LIVE_DATE_UNCHANGED', () => {
      const run = startRun();

      expect(refused(run, () => run.changeGoLiveDate(GO_LIVE, { reason: null, now: NOW })).code).toBe('ONBOARDING.GO_LIVE_DATE_UNCHANGED');
    });
  });
});

describe('OnboardingRun.replay', () => {
  /** Drives a run through every kind of event, returning it and everything it recorded. */
  function eventful() {
    const run = startRun();
    const events: OnboardingEvent[] = [];
    const step = (fn: () => void) => {
      fn();
      events.push(...run.pullEvents());
    };
    // startRun pulled OnboardingStarted: record it again from a fresh start with the same checklist.
    const fresh = OnboardingRun.start({
      id: 'run-1',
      organisation: 'RH8',
      goLiveDate: GO_LIVE,
      catalogueVersion: '2026.11.1',
      steps: [goLiveCheck, configureServices, trainStaff, appointLead],
      now: NOW,
    });
    events.push(...fresh.pullEvents());
    step(() => run.assign(APPOINT, 'person-1', NOW));
    step(() => run.startStep(APPOINT, NOW));
    step(() => completeAppoint(run, LATER));
    step(() => completeServices(run, LATER));
    step(() => run.reopen(SERVICES, { reason: 'wrong export', actor: clinicalLead, now: LATER }));
    step(() => completeServices(run, LATER));
    step(() => run.signOff(SERVICES, { actor: clinicalLead, note: 'fine', now: LATER }));
    step(() => run.waive(TRAINING, { reason: 'no new users this year', actor: contributor, now: LATER }));
    step(() => run.changeGoLiveDate('2026-10-01', { reason: 'board moved it', now: LATER }));
    return { run, events };
  }

  it('rebuilds exactly the state the commands produced, from the events alone', () => {
    const { run, events } = eventful();
    const checklist = run.checklist;

    const replayed = OnboardingRun.replay(events, (hash) => {
      expect(hash).toBe(checklist.hash);
      return checklist;
    });

    expect(replayed.snapshot()).toEqual(run.snapshot());
  });

  it('gives a different state when an event is missing, so a trail that does not explain the state is noticed', () => {
    const { run, events } = eventful();
    const withoutSignOff = events.filter((e) => e.type !== 'StepSignedOff');

    const replayed = OnboardingRun.replay(withoutSignOff, () => run.checklist);

    expect(replayed.step(SERVICES).state.status).toBe('awaiting-sign-off');
    expect(replayed.snapshot()).not.toEqual(run.snapshot());
  });

  it('follows an adopted checklist by its hash', () => {
    const run = startRun();
    const extra = step('core.extra-step');
    run.adoptChecklist({ steps: [goLiveCheck, configureServices, trainStaff, appointLead, extra], catalogueVersion: '2026.12.1', plugins: [] }, LATER);
    const adopted = run.checklist;
    const start = OnboardingRun.start({
      id: 'run-1',
      organisation: 'RH8',
      goLiveDate: GO_LIVE,
      catalogueVersion: '2026.11.1',
      steps: [goLiveCheck, configureServices, trainStaff, appointLead],
      now: NOW,
    });
    const first = start.checklist;
    const events = [...start.pullEvents(), ...run.pullEvents()];

    const replayed = OnboardingRun.replay(events, (hash) => (hash === adopted.hash ? adopted : first));

    expect(replayed.catalogueVersion).toBe('2026.12.1');
    expect(replayed.step('core.extra-step').state.status).toBe('not-started');
    expect(replayed.snapshot()).toEqual(run.snapshot());
  });
});

describe('stored state', () => {
  it('round-trips through compactState and expandState', () => {
    const run = startRun();
    completeAppoint(run);
    run.assign(TRAINING, 'person-1', NOW);

    const stored = compactState(run.snapshot());

    expect(Object.keys(stored.steps).sort()).toEqual([APPOINT, TRAINING].sort());
    expect(stored.steps[TRAINING]).toEqual({ assigneeId: 'person-1' });
    expect(expandState(stored, run.checklist)).toEqual(run.snapshot());
  });

  it('leaves out when a step settled where its completion, sign-off or waiver says it, and puts it back', () => {
    const run = runWithEverythingCompleted();
    const waived = startRun();
    waived.waive(APPOINT, { reason: 'lead already in post', actor: implementationLead, now: LATER });

    const stored = compactState(run.snapshot());

    for (const id of [APPOINT, SERVICES, TRAINING, CHECK]) expect(stored.steps[id]).not.toHaveProperty('settledAt');
    expect(run.step(SERVICES).state.settledAt).toBe(run.step(SERVICES).state.signedOffAt);
    expect(expandState(stored, run.checklist)).toEqual(run.snapshot());
    expect(compactState(waived.snapshot()).steps[APPOINT]).not.toHaveProperty('settledAt');
    expect(expandState(compactState(waived.snapshot()), waived.checklist).steps[APPOINT].settledAt).toBe(LATER.toISOString());
  });

  it('keeps a settledAt its fields do not imply, null on a done step included', () => {
    const run = startRun();
    completeAppoint(run);
    const snapshot = run.snapshot();
    const odd = { ...snapshot, steps: { ...snapshot.steps, [APPOINT]: { ...snapshot.steps[APPOINT], settledAt: null } } };
    const moved = { ...snapshot, steps: { ...snapshot.steps, [APPOINT]: { ...snapshot.steps[APPOINT], settledAt: LATER.toISOString() } } };

    expect(compactState(odd).steps[APPOINT]).toHaveProperty('settledAt', null);
    expect(expandState(compactState(odd), run.checklist)).toEqual(odd);
    expect(expandState(compactState(moved), run.checklist)).toEqual(moved);
  });

  it('keeps a fresh run of 50 steps to a few hundred bytes', () => {
    const steps = Array.from({ length: 50 }, (_, i) => step(`core.step-${i}`));
    const run = OnboardingRun.start({ id: 'run-1', organisation: 'RH8', goLiveDate: GO_LIVE, catalogueVersion: '1', steps, now: NOW });

    expect(JSON.stringify(compactState(run.snapshot())).length).toBeLessThan(300);
  });

  it('refuses to expand a state against a checklist it does not refer to', () => {
    const run = startRun();
    const other = { ...run.checklist, hash: 'f'.repeat(64) };

    expect(() => expandState(compactState(run.snapshot()), other)).toThrow(/refers to checklist/);
  });
});
