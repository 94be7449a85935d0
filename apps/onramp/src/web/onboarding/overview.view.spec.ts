import type { ReadinessView } from '../../readiness';
import { blockerRows, completionChartModel, forecastInWords, reasonsInWords } from './overview.view';
import { aRunView, aStepView } from './testing/step-view.builder';

const tz = 'Europe/London';
const titles = new Map([
  ['core.a', 'Appoint a lead'],
  ['core.b', 'Build services'],
]);

describe('the overview in words', () => {
  it('turns the calculator’s RAG reasons into sentences with titles and UK dates', () => {
    expect(
      reasonsInWords(
        [
          'red: 2 go-live gate step(s) overdue: core.a, core.b',
          'red: go-live date 2027-03-01 reached with 1 gate step(s) open',
          'red: forecast completion 2027-04-01 is 31 day(s) after go-live',
          'amber: 1 step(s) overdue',
          'amber: forecast completion leaves only 3 day(s) before go-live',
          'amber: no step was completed in the last 28 day(s): no forecast can be made',
          'amber: [acute] paper switch-off date not agreed for core.b',
        ],
        titles,
        tz,
      ),
    ).toEqual([
      { rag: 'red', level: 'Red', text: '2 go-live gate steps are overdue: ‘Appoint a lead’, ‘Build services’' },
      { rag: 'red', level: 'Red', text: 'The go-live date (1 March 2027) has arrived with 1 go-live gate step still open' },
      { rag: 'red', level: 'Red', text: 'At the current pace the checklist will be finished on 1 April 2027, 31 days after go-live' },
      { rag: 'amber', level: 'Amber', text: '1 step is overdue' },
      { rag: 'amber', level: 'Amber', text: 'At the current pace the checklist will be finished only 3 days before go-live' },
      { rag: 'amber', level: 'Amber', text: 'No step has been completed in the last 28 days, so no finish date can be forecast' },
      { rag: 'amber', level: 'Amber', text: 'Paper switch-off date not agreed for ‘Build services’ (from the acute plugin)' },
    ]);
  });

  const forecast = (over: Partial<ReadinessView['forecast']>): ReadinessView['forecast'] => ({
    basis: 'plan',
    completionDate: null,
    windowDays: 5,
    settledInWindow: 0,
    remaining: 40,
    daysAfterGoLive: null,
    plan: { dueBeforeToday: 3, behind: 1 },
    note: '',
    ...over,
  });

  it('says what the forecast means for go-live', () => {
    expect(forecastInWords(forecast({}), tz)).toEqual({
      headline: 'Too early to forecast',
      text: 'A forecast needs two weeks of progress; the run started 5 days ago. 1 of the 3 steps due before today is not done yet.',
    });
    expect(forecastInWords(forecast({ basis: 'velocity', completionDate: '2027-02-20', daysAfterGoLive: -9, windowDays: 28, settledInWindow: 6 }), tz)).toEqual(
      {
        headline: '20 February 2027, 9 days before go-live',
        text: 'Forecast from the pace of the last 28 days: 6 steps settled, 40 to go. 1 of the 3 steps due before today is not done yet.',
      },
    );
    expect(forecastInWords(forecast({ basis: 'stalled', plan: { dueBeforeToday: 0, behind: 0 } }), tz).text).toContain('No step is due yet.');
    expect(forecastInWords(forecast({ basis: 'complete', completionDate: '2027-01-02' }), tz).text).toBe(
      'Every step is done or waived: the last was settled on 2 January 2027.',
    );
  });

  it('lists overdue steps first, then the steps others wait on, each once', () => {
    const run = aRunView([
      aStepView({ id: 'core.a', title: 'Appoint a lead', overdue: false }),
      aStepView({ id: 'core.b', title: 'Build services', overdue: true, dueDate: '2026-11-01' }),
      aStepView({ id: 'core.c', title: 'Check', dependsOn: ['core.a', 'core.b'] }),
    ]);
    const readiness = {
      blockers: [
        { id: 'core.b', title: 'Build services', status: 'not-started', overdue: true, blocking: ['core.c'] },
        { id: 'core.a', title: 'Appoint a lead', status: 'not-started', overdue: false, blocking: ['core.c'] },
      ],
    } as unknown as ReadinessView;
    const rows = blockerRows(run, readiness, '2026-12-01', tz);
    expect(rows.map((r) => [r.id, r.overdue, r.holdsUp])).toEqual([
      ['core.b', true, 1],
      ['core.a', false, 1],
    ]);
    expect(rows[0].due).toBe('1 November 2026 (30 days overdue)');
  });

  it('draws the completion chart from the run’s settled steps, with its figures as text', () => {
    const run = aRunView(
      [
        aStepView({ id: 'core.a', status: 'done', completedAt: '2026-11-10T10:00:00.000Z' }),
        aStepView({ id: 'core.b', status: 'done', completedAt: '2026-11-10T11:00:00.000Z', signedOffAt: '2026-11-12T09:00:00.000Z' }),
        aStepView({ id: 'core.c', status: 'awaiting-sign-off', completedAt: '2026-11-13T09:00:00.000Z' }),
        aStepView({ id: 'core.d', status: 'waived', waivedAt: '2026-11-20T09:00:00.000Z' }),
      ],
      { startedAt: '2026-11-01T09:00:00.000Z', goLiveDate: '2027-01-15' },
    );
    const chart = completionChartModel(run, '2026-12-01', tz);
    expect(chart.figures).toEqual([
      [{ text: '1 November 2026' }, { text: '0', numeric: true }],
      [{ text: '10 November 2026' }, { text: '1', numeric: true }],
      [{ text: '12 November 2026' }, { text: '2', numeric: true }],
      [{ text: '20 November 2026' }, { text: '3', numeric: true }],
      [{ text: '1 December 2026' }, { text: '3', numeric: true }],
    ]);
    expect(chart.summary).toBe('3 of 4 steps done or waived by 1 December 2026. The run started on 1 November 2026; go-live is 15 January 2027.');
    expect(chart.line).toMatch(/^[\d.]+,[\d.]+( [\d.]+,[\d.]+)+$/);
    expect(chart.goLive.label).toBe('Go-live 15 January 2027');
    expect(chart.target.label).toBe('Target: 4 steps');
  });
});
