import { AMBER_SLACK_DAYS, calculateReadiness, FORECAST_WINDOW_DAYS, MIN_FORECAST_HISTORY_DAYS } from './readiness.calculator';
import { doneState, runSnapshot, step, stepState, waivedState, type TestState, type TestStep } from './testing/readiness-input.builder';

const NOW = new Date('2026-06-01T09:00:00Z');
/** Long enough ago that the forecast window is the full 28 days: 2026-05-05 to 2026-06-01. */
const STARTED = '2026-03-01T09:00:00Z';
const GO_LIVE = '2026-09-01';
const IN_WINDOW = '2026-05-20T10:00:00Z';
const BEFORE_WINDOW = '2026-04-01T10:00:00Z';

type Row = [TestStep, TestState?];

/**
 * Four steps settled inside the window and two open, due at go-live: the forecast lands on
 * 2026-06-15 (today + ceil(2 × 28 / 4)), far before go-live, so the run is green unless `extra`
 * changes that.
 */
function onTrack(extra: Row[] = [], goLiveDate = GO_LIVE) {
  return runSnapshot({
    goLiveDate,
    startedAt: STARTED,
    steps: [
      [step('core.done-1'), doneState(IN_WINDOW)],
      [step('core.done-2'), doneState(IN_WINDOW)],
      [step('core.done-3'), doneState(IN_WINDOW)],
      [step('core.done-4'), doneState(IN_WINDOW)],
      [step('core.open-1')],
      [step('core.open-2')],
      ...extra,
    ],
  });
}

describe('calculateReadiness', () => {
  it('echoes the organisation, the go-live date and the time of calculation', () => {
    const readiness = calculateReadiness(onTrack(), NOW);

    expect(readiness).toMatchObject({ organisation: 'RH8', goLiveDate: GO_LIVE, asOf: '2026-06-01T09:00:00.000Z' });
  });

  describe('score', () => {
    it('gives done full credit and awaiting sign-off half, weighted, and leaves waived steps out', () => {
      const run = runSnapshot({
        goLiveDate: GO_LIVE,
        startedAt: STARTED,
        steps: [
          [step('core.done', { weight: 3 }), doneState(IN_WINDOW)],
          [step('core.awaiting', { weight: 2 }), stepState({ status: 'awaiting-sign-off' })],
          [step('core.waived', { weight: 5 }), waivedState(IN_WINDOW)],
          [step('core.not-started', { weight: 1 })],
          [step('core.in-progress', { weight: 4 }), stepState({ status: 'in-progress' })],
        ],
      });

      // (3 × 1 + 2 × 0.5) / (3 + 2 + 1 + 4); counting the waived weight would give 27.
      expect(calculateReadiness(run, NOW).score).toBe(40);
    });

    it.each([
      ['one done of three equal steps', [doneState(IN_WINDOW), stepState(), stepState()], 33],
      ['one awaiting sign-off of three equal steps', [stepState({ status: 'awaiting-sign-off' }), stepState(), stepState()], 17],
      ['every step done', [doneState(IN_WINDOW), doneState(IN_WINDOW)], 100],
      ['nothing done', [stepState(), stepState({ status: 'in-progress' })], 0],
      ['every step waived (nothing applies)', [waivedState(IN_WINDOW), waivedState(IN_WINDOW)], 100],
    ])('scores %s as %i', (_label, states, expected) => {
      const run = runSnapshot({ goLiveDate: GO_LIVE, startedAt: STARTED, steps: states.map((s, i): Row => [step(`core.step-${i}`), s]) });

      expect(calculateReadiness(run, NOW).score).toBe(expected);
    });
  });

  describe('overall RAG', () => {
    it('is green with no overdue step, an open gate before go-live and a forecast with ample slack', () => {
      const readiness = calculateReadiness(onTrack([[step('core.gate', { gate: true })]]), NOW);

      expect(readiness.rag).toEqual({ status: 'green', reasons: [] });
    });

    it('is red when a go-live gate step is overdue', () => {
      const run = onTrack([[step('core.gate-late', { gate: true, dueOffsetDays: -100 })]]);

      expect(calculateReadiness(run, NOW).rag).toEqual({ status: 'red', reasons: ['red: 1 go-live gate step(s) overdue: core.gate-late'] });
    });

    it('is amber when a step that is not a gate is overdue', () => {
      const run = onTrack([[step('core.late', { dueOffsetDays: -100 })]]);

      expect(calculateReadiness(run, NOW).rag).toEqual({ status: 'amber', reasons: ['amber: 1 step(s) overdue'] });
    });

    it('counts a step as overdue only once its due date has passed', () => {
      // GO_LIVE - 92 days is today; - 93 days is yesterday.
      const dueToday = calculateReadiness(onTrack([[step('core.due-today', { dueOffsetDays: -92 })]]), NOW);
      const dueYesterday = calculateReadiness(onTrack([[step('core.due-yesterday', { dueOffsetDays: -93 })]]), NOW);

      expect(dueToday.counts.overdue).toBe(0);
      expect(dueToday.rag.status).toBe('green');
      expect(dueYesterday.counts.overdue).toBe(1);
      expect(dueYesterday.rag.status).toBe('amber');
    });

    it('never counts a settled step as overdue', () => {
      const run = onTrack([
        [step('core.gate-done-late', { gate: true, dueOffsetDays: -100 }), doneState(IN_WINDOW)],
        [step('core.gate-waived-late', { gate: true, dueOffsetDays: -100 }), waivedState(IN_WINDOW)],
      ]);

      const readiness = calculateReadiness(run, NOW);
      expect(readiness.counts.overdue).toBe(0);
      expect(readiness.rag.status).toBe('green');
    });

    it('is red when the forecast completion is after the go-live date', () => {
      // Forecast 2026-06-15; the open steps are due at go-live (06-05), so nothing is overdue yet.
      const readiness = calculateReadiness(onTrack([], '2026-06-05'), NOW);

      expect(readiness.rag).toEqual({ status: 'red', reasons: ['red: forecast completion 2026-06-15 is 10 day(s) after go-live'] });
    });

    it('is red when the go-live date has arrived with a gate step still open', () => {
      // Due today (not overdue); the only settled step is outside the window, so no forecast either.
      const run = runSnapshot({
        goLiveDate: '2026-06-01',
        startedAt: STARTED,
        steps: [[step('core.done', { dueOffsetDays: -30 }), doneState(BEFORE_WINDOW)], [step('core.gate', { gate: true })]],
      });

      expect(calculateReadiness(run, NOW).rag).toEqual({
        status: 'red',
        reasons: [
          'red: go-live date 2026-06-01 reached with 1 gate step(s) open',
          'amber: no step was completed in the last 28 day(s): no forecast can be made',
        ],
      });
    });

    it('is not red on go-live day when every gate step is settled', () => {
      const run = runSnapshot({
        goLiveDate: '2026-06-01',
        startedAt: STARTED,
        steps: [[step('core.gate', { gate: true, dueOffsetDays: -30 }), doneState(BEFORE_WINDOW)], [step('core.other')]],
      });

      expect(calculateReadiness(run, NOW).rag.status).toBe('amber');
    });

    it.each([
      ['2026-06-15', 0],
      ['2026-06-28', 13],
    ])('is amber when go-live is %s and the forecast leaves only %i day(s) of slack', (goLiveDate, slack) => {
      const readiness = calculateReadiness(onTrack([], goLiveDate), NOW);

      expect(readiness.rag).toEqual({ status: 'amber', reasons: [`amber: forecast completion leaves only ${slack} day(s) before go-live`] });
    });

    it(`is green when the forecast leaves exactly ${AMBER_SLACK_DAYS} days of slack`, () => {
      const readiness = calculateReadiness(onTrack([], '2026-06-29'), NOW);

      expect(readiness.forecast.daysAfterGoLive).toBe(-14);
      expect(readiness.rag.status).toBe('green');
    });

    it('is amber when nothing was settled in the window while work remains, so no forecast can be made', () => {
      const run = runSnapshot({
        goLiveDate: GO_LIVE,
        startedAt: STARTED,
        steps: [[step('core.done'), doneState(BEFORE_WINDOW)], [step('core.open-1')], [step('core.open-2')]],
      });

      expect(calculateReadiness(run, NOW).rag).toEqual({
        status: 'amber',
        reasons: ['amber: no step was completed in the last 28 day(s): no forecast can be made'],
      });
    });

    it('is green when every step is settled, however close go-live is', () => {
      const run = runSnapshot({
        goLiveDate: '2026-06-03',
        startedAt: STARTED,
        steps: [
          [step('core.gate', { gate: true }), doneState('2026-05-30T10:00:00Z')],
          [step('core.other'), waivedState('2026-05-29T10:00:00Z')],
        ],
      });

      expect(calculateReadiness(run, NOW).rag).toEqual({ status: 'green', reasons: [] });
    });

    it('lists every reason that applies, red ones first', () => {
      const run = onTrack([[step('core.late', { dueOffsetDays: -100 })], [step('core.gate-late', { gate: true, dueOffsetDays: -100 })]]);

      const readiness = calculateReadiness(run, NOW);
      expect(readiness.rag.status).toBe('red');
      expect(readiness.rag.reasons).toEqual(['red: 1 go-live gate step(s) overdue: core.gate-late', 'amber: 1 step(s) overdue']);
    });
  });

  describe('areas', () => {
    it('gives each area that has steps its score, counts and RAG, in catalogue area order', () => {
      const run = runSnapshot({
        goLiveDate: GO_LIVE,
        startedAt: STARTED,
        steps: [
          [step('core.dos', { area: 'directory-of-services' })],
          [step('core.train-late', { area: 'training', dueOffsetDays: -100 })],
          [step('core.train-awaiting', { area: 'training' }), stepState({ status: 'awaiting-sign-off' })],
          [step('core.lead-done', { area: 'leadership' }), doneState(IN_WINDOW)],
          [step('core.lead-waived', { area: 'leadership' }), waivedState(IN_WINDOW)],
          [step('core.lead-gate-late', { area: 'leadership', gate: true, dueOffsetDays: -100 })],
        ],
      });

      expect(calculateReadiness(run, NOW).areas).toEqual([
        { area: 'leadership', score: 50, rag: 'red', total: 3, settled: 2, overdue: 1 },
        { area: 'training', score: 25, rag: 'amber', total: 2, settled: 0, overdue: 1 },
        { area: 'directory-of-services', score: 0, rag: 'green', total: 1, settled: 0, overdue: 0 },
      ]);
    });
  });

  describe('gate', () => {
    it('lists the gate steps that are neither done nor waived', () => {
      const run = runSnapshot({
        goLiveDate: GO_LIVE,
        startedAt: STARTED,
        steps: [
          [step('core.gate-done', { gate: true }), doneState(IN_WINDOW)],
          [step('core.gate-waived', { gate: true }), waivedState(IN_WINDOW)],
          [step('core.gate-late', { gate: true, dueOffsetDays: -100, title: 'Late gate' }), stepState({ status: 'in-progress' })],
          [step('core.gate-awaiting', { gate: true, dueOffsetDays: -7, title: 'Awaiting gate' }), stepState({ status: 'awaiting-sign-off' })],
          [step('core.not-a-gate')],
        ],
      });

      expect(calculateReadiness(run, NOW).gate).toEqual({
        go: false,
        missing: [
          { id: 'core.gate-late', title: 'Late gate', status: 'in-progress', dueDate: '2026-05-24', overdue: true },
          { id: 'core.gate-awaiting', title: 'Awaiting gate', status: 'awaiting-sign-off', dueDate: '2026-08-25', overdue: false },
        ],
      });
    });

    it('is go when every gate step is done or waived, even with other work open', () => {
      const run = runSnapshot({
        goLiveDate: GO_LIVE,
        startedAt: STARTED,
        steps: [
          [step('core.gate-done', { gate: true }), doneState(IN_WINDOW)],
          [step('core.gate-waived', { gate: true }), waivedState(IN_WINDOW)],
          [step('core.not-a-gate')],
        ],
      });

      expect(calculateReadiness(run, NOW).gate).toEqual({ go: true, missing: [] });
    });
  });

  describe('blockers', () => {
    it('lists unsettled steps that unsettled steps depend on, overdue first, then by how much they block', () => {
      const run = runSnapshot({
        goLiveDate: GO_LIVE,
        startedAt: STARTED,
        steps: [
          // Settled: blocks nothing even though an open step depends on it.
          [step('core.settled'), doneState(IN_WINDOW)],
          [step('core.after-settled', { dependsOn: ['core.settled'] })],
          // One dependent, not overdue.
          [step('core.small', { title: 'Small blocker' })],
          [step('core.after-small', { dependsOn: ['core.small'] })],
          // Two open dependents and one waived one (which no longer waits).
          [step('core.big', { title: 'Big blocker' }), stepState({ status: 'in-progress' })],
          [step('core.after-big-1', { dependsOn: ['core.big'] })],
          [step('core.after-big-2', { dependsOn: ['core.big'] })],
          [step('core.after-big-waived', { dependsOn: ['core.big'] }), waivedState(IN_WINDOW)],
          // Overdue, one dependent.
          [step('core.late', { title: 'Late blocker', dueOffsetDays: -100 })],
          [step('core.after-late', { dependsOn: ['core.late'] })],
        ],
      });

      expect(calculateReadiness(run, NOW).blockers).toEqual([
        { id: 'core.late', title: 'Late blocker', status: 'not-started', overdue: true, blocking: ['core.after-late'] },
        { id: 'core.big', title: 'Big blocker', status: 'in-progress', overdue: false, blocking: ['core.after-big-1', 'core.after-big-2'] },
        { id: 'core.small', title: 'Small blocker', status: 'not-started', overdue: false, blocking: ['core.after-small'] },
      ]);
    });
  });

  describe('counts', () => {
    it('counts steps by status, in total and overdue', () => {
      const run = runSnapshot({
        goLiveDate: GO_LIVE,
        startedAt: STARTED,
        steps: [
          [step('core.a'), doneState(IN_WINDOW)],
          [step('core.b'), waivedState(IN_WINDOW)],
          [step('core.c'), stepState({ status: 'awaiting-sign-off' })],
          [step('core.d', { dueOffsetDays: -100 }), stepState({ status: 'in-progress' })],
          [step('core.e', { dueOffsetDays: -100 })],
          [step('core.f')],
        ],
      });

      expect(calculateReadiness(run, NOW).counts).toEqual({
        total: 6,
        overdue: 2,
        'not-started': 2,
        'in-progress': 1,
        'awaiting-sign-off': 1,
        done: 1,
        waived: 1,
      });
    });
  });

  describe('forecast', () => {
    it(`uses the last ${FORECAST_WINDOW_DAYS} days once the run is older than that`, () => {
      const readiness = calculateReadiness(onTrack(), NOW);

      expect(readiness.forecast).toEqual({
        basis: 'velocity',
        completionDate: '2026-06-15',
        windowDays: 28,
        settledInWindow: 4,
        remaining: 2,
        daysAfterGoLive: -78,
        plan: { dueBeforeToday: 0, behind: 0 },
        note: '4 step(s) settled in the last 28 day(s); 2 remain; on plan: no step is due yet',
      });
    });

    it('uses the days since the run started when that is shorter, counting waived steps as settled', () => {
      // Started 2026-05-15: an 18-day window (both ends included). 5 remain at 2 per 18 days: 45 days.
      const run = runSnapshot({
        goLiveDate: GO_LIVE,
        startedAt: '2026-05-15T10:00:00Z',
        steps: [
          [step('core.done'), doneState('2026-05-26T12:00:00Z')],
          [step('core.waived'), waivedState('2026-05-30T08:00:00Z')],
          ...[1, 2, 3, 4, 5].map((i): Row => [step(`core.open-${i}`)]),
        ],
      });

      expect(calculateReadiness(run, NOW).forecast).toEqual({
        basis: 'velocity',
        completionDate: '2026-07-16',
        windowDays: 18,
        settledInWindow: 2,
        remaining: 5,
        daysAfterGoLive: -47,
        plan: { dueBeforeToday: 0, behind: 0 },
        note: '2 step(s) settled in the last 18 day(s); 5 remain; on plan: no step is due yet',
      });
    });

    it(`makes no rate forecast for a run younger than ${MIN_FORECAST_HISTORY_DAYS} days, however much was done on its first day`, () => {
      // The demo's case: a run started today with a third of its steps done today must not say "finishes in 3 days".
      const run = runSnapshot({
        goLiveDate: GO_LIVE,
        startedAt: '2026-06-01T08:00:00Z',
        steps: [[step('core.done'), doneState('2026-06-01T08:30:00Z')], [step('core.open-1')], [step('core.open-2')]],
      });

      const readiness = calculateReadiness(run, NOW);
      expect(readiness.forecast).toMatchObject({ basis: 'plan', completionDate: null, daysAfterGoLive: null, windowDays: 1, settledInWindow: 1 });
      expect(readiness.forecast.note).toBe('the run started 1 day(s) ago: a forecast needs 14 days of history; on plan: no step is due yet');
      expect(readiness.rag).toEqual({ status: 'green', reasons: [] });
    });

    it('compares a young run with its plan, so a run that is behind says so', () => {
      const run = runSnapshot({
        goLiveDate: GO_LIVE,
        startedAt: '2026-05-25T08:00:00Z',
        steps: [
          [step('core.due-done', { dueOffsetDays: -100 }), doneState('2026-05-26T08:30:00Z')],
          [step('core.due-open', { dueOffsetDays: -95 })],
          [step('core.later', { dueOffsetDays: -10 })],
        ],
      });

      const readiness = calculateReadiness(run, NOW);
      expect(readiness.forecast).toMatchObject({ basis: 'plan', completionDate: null, plan: { dueBeforeToday: 2, behind: 1 } });
      expect(readiness.forecast.note).toMatch(/behind plan: 1 of 2 step\(s\) due before today are not done$/);
      expect(readiness.rag.status).toBe('amber');
    });

    it('counts a step settled on the first day of the window and not one settled the day before', () => {
      const run = runSnapshot({
        goLiveDate: GO_LIVE,
        startedAt: STARTED,
        steps: [[step('core.first-day'), doneState('2026-05-05T00:00:00Z')], [step('core.day-before'), doneState('2026-05-04T23:59:59Z')], [step('core.open')]],
      });

      expect(calculateReadiness(run, NOW).forecast).toMatchObject({ settledInWindow: 1, remaining: 1, completionDate: '2026-06-29' });
    });

    it('rounds the days still needed up', () => {
      // 1 remaining at 3 per 28 days: 9.33 days, so 10.
      const run = runSnapshot({
        goLiveDate: GO_LIVE,
        startedAt: STARTED,
        steps: [[step('core.a'), doneState(IN_WINDOW)], [step('core.b'), doneState(IN_WINDOW)], [step('core.c'), doneState(IN_WINDOW)], [step('core.open')]],
      });

      expect(calculateReadiness(run, NOW).forecast.completionDate).toBe('2026-06-11');
    });

    it('makes no forecast when nothing was settled in the window', () => {
      const run = runSnapshot({
        goLiveDate: GO_LIVE,
        startedAt: STARTED,
        steps: [[step('core.done'), doneState(BEFORE_WINDOW)], [step('core.open')]],
      });

      expect(calculateReadiness(run, NOW).forecast).toEqual({
        basis: 'stalled',
        completionDate: null,
        windowDays: 28,
        settledInWindow: 0,
        remaining: 1,
        daysAfterGoLive: null,
        plan: { dueBeforeToday: 0, behind: 0 },
        note: 'no step was completed in the last 28 day(s): no forecast can be made',
      });
    });

    it('dates completion at the last settlement when every step is settled', () => {
      const run = runSnapshot({
        goLiveDate: '2026-06-10',
        startedAt: STARTED,
        steps: [
          [step('core.a'), doneState('2026-05-30T10:00:00Z')],
          [step('core.b'), waivedState('2026-05-12T10:00:00Z')],
        ],
      });

      expect(calculateReadiness(run, NOW).forecast).toEqual({
        basis: 'complete',
        completionDate: '2026-05-30',
        windowDays: 0,
        settledInWindow: 0,
        remaining: 0,
        daysAfterGoLive: -11,
        plan: { dueBeforeToday: 0, behind: 0 },
        note: 'every step is done or waived',
      });
    });
  });
});
