import { readinessOf } from './testing/readiness-of';
import { actor, doneState, evidence, runSnapshot, step, stepState, waivedState } from '../../onboarding/domain/testing/step-definition.builder';
import { PluginHookRunner } from '../../plugin-host';
import { evaluateCompliance } from './compliance.rules';
import { buildComplianceReport, buildPortfolioReport, buildReadinessReport, complianceRow, portfolioRow, progressSeries } from './report-models';

const NOW = new Date('2026-06-01T09:00:00Z');
const ORG = { odsCode: 'RH8', name: 'Royal Devon <NHS> Trust', type: 'acute' };

const run = () =>
  runSnapshot({
    goLiveDate: '2026-09-01',
    startedAt: '2026-03-01T09:00:00Z',
    steps: [
      [step('core.a', { area: 'leadership', gate: true }), doneState('2026-03-10T10:00:00Z')],
      [step('core.b', { area: 'leadership' }), doneState('2026-03-10T16:00:00Z')],
      [step('core.c', { area: 'training', dependsOn: ['core.a'] }), waivedState('2026-04-02T10:00:00Z')],
      [
        step('core.d', { area: 'training', evidence: [evidence('register')], signOffRole: 'clinical-lead', dueOffsetDays: -100 }),
        stepState({
          status: 'awaiting-sign-off',
          assigneeId: 'p1',
          completedAt: '2026-05-01T10:00:00Z',
          completedBy: actor('contributor'),
          evidence: [{ key: 'register', reference: '+44 ref' }],
        }),
      ],
      [
        step('acute.e', {
          area: 'go-live',
          dependsOn: ['core.d'],
          origin: { source: 'acute', reason: 'added by plugin acute@1.0.0 because organisation type is acute' },
        }),
        stepState({ assigneeId: 'gone' }),
      ],
    ],
  });

describe('progressSeries', () => {
  it('counts settled steps cumulatively per day, from the start of the run to today', () => {
    expect(progressSeries(run(), '2026-06-01')).toEqual([
      { date: '2026-03-01', settled: 0 },
      { date: '2026-03-10', settled: 2 },
      { date: '2026-04-02', settled: 3 },
      { date: '2026-06-01', settled: 3 },
    ]);
  });

  it('leaves out steps awaiting sign-off or reopened (no settled time), and has one point on the day the run started', () => {
    const fresh = runSnapshot({ goLiveDate: '2026-09-01', startedAt: '2026-06-01T08:00:00Z', steps: [[step('core.a'), stepState({ status: 'in-progress' })]] });
    expect(progressSeries(fresh, '2026-06-01')).toEqual([{ date: '2026-06-01', settled: 0 }]);
  });
});

describe('buildReadinessReport', () => {
  const snapshot = run();
  const model = buildReadinessReport({
    organisation: ORG,
    run: snapshot,
    runVersion: 7,
    readiness: readinessOf(snapshot, NOW),
    people: new Map([['p1', '+Priya Shah']]),
    now: NOW,
  });

  it('carries the organisation, versions, dates and readiness figures', () => {
    expect(model).toMatchObject({
      organisation: ORG,
      generatedAt: '2026-06-01T09:00:00.000Z',
      today: '2026-06-01',
      runVersion: 7,
      catalogueVersion: '2026.11.1',
      plugins: [],
      goLiveDate: '2026-09-01',
      counts: { total: 5, overdue: 1, done: 2, waived: 1, awaitingSignOff: 1, inProgress: 0, notStarted: 1 },
    });
    expect(model.areas.map((a) => [a.area, a.label, a.settled, a.total])).toEqual([
      ['leadership', 'Leadership', 2, 2],
      ['training', 'Training', 1, 2],
      ['go-live', 'Go-live', 0, 1],
    ]);
  });

  it('lists every step with its labels, assignee name and record', () => {
    expect(model.steps.map((s) => [s.id, s.statusLabel, s.overdue, s.assignee])).toEqual([
      ['core.a', 'Done', false, null],
      ['core.b', 'Done', false, null],
      ['core.c', 'Not applicable (waived)', false, null],
      ['core.d', 'Awaiting sign-off', true, '+Priya Shah'],
      ['acute.e', 'Not started', false, '(removed)'],
    ]);
    expect(model.steps[3]).toMatchObject({
      dueDate: '2026-05-24',
      ownerRole: 'implementation-lead',
      completedBy: 'contributor (token-contributor) (contributor)',
      evidence: [{ key: 'register', reference: '+44 ref' }],
    });
    expect(model.steps[4].addedBy).toBe('added by plugin acute@1.0.0 because organisation type is acute');
  });

  it('includes both charts as SVG, drawn from the report’s own figures', () => {
    expect(model.progress.at(-1)).toEqual({ date: '2026-06-01', settled: 3 });
    expect(model.charts.areas).toMatch(/^<svg [^>]*role="img"/);
    expect(model.charts.areas).toContain('>Leadership<');
    expect(model.charts.progress).toContain('Go-live 2026-09-01');
    expect(model.charts.progress).toContain('Target: 5 steps');
  });
});

describe('portfolio', () => {
  it('shows an organisation without a run with empty figures, and counts RAG, not started and gate', () => {
    const snapshot = run();
    const rows = [portfolioRow(ORG, readinessOf(snapshot, NOW)), portfolioRow({ odsCode: 'NV701', name: 'Clinic', type: 'independent-sector' }, null)];
    expect(rows[0]).toMatchObject({ hasRun: true, goLiveDate: '2026-09-01', gateGo: true, gateMissing: 0, overdue: 1, overdueGate: 0, rag: 'amber' });
    expect(rows[1]).toEqual({
      organisation: { odsCode: 'NV701', name: 'Clinic', type: 'independent-sector' },
      hasRun: false,
      goLiveDate: null,
      score: null,
      rag: null,
      gateGo: null,
      gateMissing: null,
      forecastDate: null,
      daysAfterGoLive: null,
      overdue: null,
      overdueGate: null,
    });
    expect(buildPortfolioReport(rows, NOW).summary).toEqual({ organisations: 2, red: 0, amber: 1, green: 0, notStarted: 1, gateGo: 1 });
  });
});

describe('compliance report', () => {
  it('lists every guideline found in any row once, and counts results (not organisations)', async () => {
    const hooks = new PluginHookRunner();
    const plugin = {
      pluginId: 'acute',
      version: '1.0.0',
      options: {},
      checks: [{ id: 'paper-switch-off', title: 'Paper referrals switched off', evaluate: () => ({ status: 'met', evidence: 'ok' }) }],
    };
    const withRun = complianceRow(
      ORG,
      readinessOf(run(), NOW),
      (
        await evaluateCompliance({
          organisation: ORG,
          run: run(),
          today: '2026-06-01',
          plugins: [plugin],
          runCheck: (id, check, context) => hooks.evaluate(id, check, context),
        })
      ).results,
    );
    const withoutRun = complianceRow(
      { odsCode: 'X1', name: 'X', type: 'other' },
      null,
      (await evaluateCompliance({ organisation: ORG, run: null, today: '2026-06-01' })).results,
    );
    const report = buildComplianceReport([withRun, withoutRun], NOW, 'https://onramp.example/api/v1/reports/compliance?format=html');
    expect(report.guidelines.map((g) => g.id)).toEqual([
      'users-trained-and-ig-compliant',
      'clinical-delegation-reviewed',
      'clinical-input-for-services-and-referrals',
      'worklists-monitored-daily',
      'technical-support-in-place',
      'operational-policies-reflect-guidelines',
      'services-commissioned-and-published',
      'acute.paper-switch-off',
    ]);
    expect(report.summary).toEqual({ organisations: 2, met: 1, notMet: 0, unknown: 14 });
    expect(withoutRun).toMatchObject({ score: null, rag: null, goLiveDate: null });
    expect(report.reportLink).toBe('https://onramp.example/api/v1/reports/compliance?format=html');
  });
});
