import { join } from 'node:path';
import { loadCatalogue } from '../../catalogue';
import type { StepDefinition } from '../../shared/domain/step-definition';
import type { OnboardingRunSnapshot, StepState } from '../../onboarding';
import { actor, evidence, runSnapshot, step, stepState } from '../../onboarding/domain/testing/step-definition.builder';
import { projectRoot } from '../../shared/config/project-root';
import { PluginHookRunner } from '../../plugin-host';
import { BEST_PRACTICE_GUIDANCE, CORE_GUIDELINES, evaluateCompliance, type ComplianceRule, type PluginChecks } from './compliance.rules';

const TODAY = '2026-06-01';
const GO_LIVE = '2026-09-01';
const ORG = { odsCode: 'RH8', name: 'Royal Devon', type: 'acute' };

const rule = (id: string): ComplianceRule => {
  const found = CORE_GUIDELINES.find((g) => g.id === id);
  if (!found) throw new Error(`no guideline ${id}`);
  return found;
};

const done = (overrides: Partial<StepState> = {}): StepState =>
  stepState({
    status: 'done',
    completedAt: '2026-05-02T10:00:00.000Z',
    completedBy: { id: 't1', role: 'implementation-lead', label: 'Priya Shah' },
    evidence: [{ key: 'training-register', reference: 'https://intranet.example.nhs.uk/training.xlsx' }],
    settledAt: '2026-05-02T10:00:00.000Z',
    ...overrides,
  });

/** The three steps of the training and IG guideline, due (go-live − 14 days, − 120, − 14) in the future unless moved. */
function trainingRun(states: Partial<Record<string, StepState>>, overrides: Partial<Record<string, Partial<StepDefinition>>> = {}): OnboardingRunSnapshot {
  const ids = ['core.confirm-users-ig-trained', 'core.confirm-dspt-submission', 'core.train-all-ers-users'];
  return runSnapshot({
    goLiveDate: GO_LIVE,
    startedAt: '2026-01-01T09:00:00Z',
    steps: ids.map(
      (id) => [step(id, { dueOffsetDays: -14, evidence: [evidence('training-register')], ...overrides[id] }), states[id]] as [StepDefinition, StepState?],
    ),
  });
}

describe('the core compliance guidelines', () => {
  it('cover the generic guidelines of the best-practice page, each carried by steps that exist in the core checklist', () => {
    const catalogue = loadCatalogue(join(projectRoot(), 'config', 'catalogue', 'core.yaml'));
    const coreIds = new Set(catalogue.steps.map((s) => s.id));
    expect(CORE_GUIDELINES.map((g) => [g.id, g.steps])).toEqual([
      ['users-trained-and-ig-compliant', ['core.confirm-users-ig-trained', 'core.confirm-dspt-submission', 'core.train-all-ers-users']],
      ['clinical-delegation-reviewed', ['core.agree-clinical-tasks-and-delegation']],
      ['clinical-input-for-services-and-referrals', ['core.record-clinician-service-input', 'core.agree-referral-review-rules']],
      ['worklists-monitored-daily', ['core.assign-daily-worklist-monitoring']],
      ['technical-support-in-place', ['core.arrange-technical-and-user-support', 'core.confirm-devices-and-connectivity']],
      ['operational-policies-reflect-guidelines', ['core.update-operational-policies']],
      ['services-commissioned-and-published', ['core.confirm-services-commissioned']],
    ]);
    for (const g of CORE_GUIDELINES) {
      for (const id of g.steps) expect(coreIds.has(id) ? id : `missing ${id}`).toBe(id);
      expect(g.source).toBe(BEST_PRACTICE_GUIDANCE);
      expect(g.title.length).toBeGreaterThan(10);
    }
  });

  describe('when every mapped step is done', () => {
    it('is met, and the evidence says who completed and signed off each step, when, with the references', () => {
      const run = trainingRun({
        'core.confirm-users-ig-trained': done(),
        'core.confirm-dspt-submission': done({
          evidence: [{ key: 'dspt-status', reference: 'DSPT 2025/26: Standards Met' }],
          signedOffAt: '2026-05-03T08:00:00.000Z',
          signedOffBy: { id: 't2', role: 'implementation-lead', label: 'Sam Lee' },
        }),
        'core.train-all-ers-users': done({ completedAt: '2026-05-04T12:00:00.000Z' }),
      });

      const outcome = rule('users-trained-and-ig-compliant').evaluate(run, TODAY);

      expect(outcome).toEqual({
        status: 'met',
        evidence: [
          'core.confirm-users-ig-trained: completed by Priya Shah (implementation-lead) on 2026-05-02; evidence training-register: https://intranet.example.nhs.uk/training.xlsx',
          'core.confirm-dspt-submission: completed by Priya Shah (implementation-lead) on 2026-05-02, signed off by Sam Lee (implementation-lead) on 2026-05-03; evidence dspt-status: DSPT 2025/26: Standards Met',
          'core.train-all-ers-users: completed by Priya Shah (implementation-lead) on 2026-05-04; evidence training-register: https://intranet.example.nhs.uk/training.xlsx',
        ].join(' | '),
      });
    });

    it('says so when a step required no evidence', () => {
      const run = runSnapshot({
        goLiveDate: GO_LIVE,
        startedAt: '2026-01-01T00:00:00Z',
        steps: [[step('core.assign-daily-worklist-monitoring'), done({ evidence: [] })]],
      });
      expect(rule('worklists-monitored-daily').evaluate(run, TODAY).evidence).toMatch(/no evidence was required$/);
    });
  });

  describe('when a mapped step is not yet due', () => {
    it('is unknown, naming the open steps and their due dates, even when the others are done', () => {
      const run = trainingRun({ 'core.confirm-users-ig-trained': done(), 'core.train-all-ers-users': stepState({ status: 'in-progress' }) });
      const outcome = rule('users-trained-and-ig-compliant').evaluate(run, TODAY);
      expect(outcome.status).toBe('unknown');
      expect(outcome.evidence).toContain('core.confirm-dspt-submission is not started, due 2026-08-18');
      expect(outcome.evidence).toContain('core.train-all-ers-users is in progress, due 2026-08-18');
      expect(outcome.evidence).toContain('core.confirm-users-ig-trained: completed by Priya Shah');
    });

    it('treats a completed step still awaiting its sign-off as not yet done', () => {
      const run = runSnapshot({
        goLiveDate: GO_LIVE,
        startedAt: '2026-01-01T00:00:00Z',
        steps: [
          [
            step('core.agree-clinical-tasks-and-delegation', { signOffRole: 'clinical-lead', dueOffsetDays: -30 }),
            done({ status: 'awaiting-sign-off', settledAt: null }),
          ],
        ],
      });
      expect(rule('clinical-delegation-reviewed').evaluate(run, TODAY)).toEqual({
        status: 'unknown',
        evidence: 'core.agree-clinical-tasks-and-delegation is awaiting sign-off by the clinical-lead, due 2026-08-02',
      });
    });

    it('is due on its due date, overdue only the day after', () => {
      const run = trainingRun({}, { 'core.confirm-dspt-submission': { dueOffsetDays: -92 } }); // due 2026-06-01
      expect(rule('users-trained-and-ig-compliant').evaluate(run, '2026-06-01').status).toBe('unknown');
      expect(rule('users-trained-and-ig-compliant').evaluate(run, '2026-06-02').status).toBe('not-met');
    });
  });

  describe('when a mapped step is overdue', () => {
    it('is not met, naming the overdue step, its due date and status', () => {
      const run = trainingRun(
        { 'core.confirm-users-ig-trained': done(), 'core.train-all-ers-users': done() },
        { 'core.confirm-dspt-submission': { dueOffsetDays: -120 } },
      );
      const outcome = rule('users-trained-and-ig-compliant').evaluate(run, '2026-06-01');
      expect(outcome.status).toBe('not-met');
      expect(outcome.evidence.split(' | ')[0]).toBe('core.confirm-dspt-submission is overdue: due 2026-05-04, not started');
    });

    it('counts an overdue step awaiting sign-off as overdue', () => {
      const run = runSnapshot({
        goLiveDate: GO_LIVE,
        startedAt: '2026-01-01T00:00:00Z',
        steps: [
          [step('core.update-operational-policies', { dueOffsetDays: -100, signOffRole: 'implementation-lead' }), stepState({ status: 'awaiting-sign-off' })],
        ],
      });
      expect(rule('operational-policies-reflect-guidelines').evaluate(run, TODAY)).toEqual({
        status: 'not-met',
        evidence: 'core.update-operational-policies is overdue: due 2026-05-24, awaiting sign-off',
      });
    });
  });

  describe('when a mapped step was waived', () => {
    it('is not met, even though readiness leaves waived steps out: waiving a guideline is not compliance', () => {
      const run = runSnapshot({
        goLiveDate: GO_LIVE,
        startedAt: '2026-01-01T00:00:00Z',
        steps: [
          [
            step('core.confirm-services-commissioned', { dueOffsetDays: -35 }),
            stepState({
              status: 'waived',
              waivedAt: '2026-05-10T09:00:00.000Z',
              waivedBy: actor('clinical-lead'),
              waiverReason: 'commissioner will confirm later',
              settledAt: '2026-05-10T09:00:00.000Z',
            }),
          ],
        ],
      });
      expect(rule('services-commissioned-and-published').evaluate(run, TODAY)).toEqual({
        status: 'not-met',
        evidence:
          'core.confirm-services-commissioned was waived on 2026-05-10 by clinical-lead (token-clinical-lead) (clinical-lead) ("commissioner will confirm later"): waiving a guideline is not compliance, it still applies',
      });
    });
  });

  it('is unknown for an organisation without a run', () => {
    for (const g of CORE_GUIDELINES) expect(g.evaluate(null, TODAY)).toEqual({ status: 'unknown', evidence: 'no onboarding run has been started' });
  });

  it('is unknown when a mapped step is missing from the checklist, and never met', () => {
    const run = runSnapshot({ goLiveDate: GO_LIVE, startedAt: '2026-01-01T00:00:00Z', steps: [[step('core.arrange-technical-and-user-support'), done()]] });
    const outcome = rule('technical-support-in-place').evaluate(run, TODAY);
    expect(outcome.status).toBe('unknown');
    expect(outcome.evidence).toContain("core.confirm-devices-and-connectivity is not in this organisation's checklist (catalogue 2026.11.1)");
  });
});

describe('evaluateCompliance', () => {
  const run = trainingRun({});
  // The host's own runner: plugin checks are always called through it.
  const hooks = new PluginHookRunner({ timeoutMs: 200 });
  const evaluate = (args: Omit<Parameters<typeof evaluateCompliance>[0], 'runCheck'>) =>
    evaluateCompliance({ ...args, runCheck: (id, check, context) => hooks.evaluate(id, check, context) });
  const plugin = (checks: PluginChecks['checks'], options: Record<string, unknown> = { reportingDays: 14 }): PluginChecks => ({
    pluginId: 'community-diagnostics',
    version: '1.0.0',
    options,
    checks,
  });

  it('gives every core guideline, in order, then each plugin check with its id prefixed by the plugin id', async () => {
    const { results, failures } = await evaluate({
      organisation: ORG,
      run,
      today: TODAY,
      plugins: [
        plugin([
          {
            id: 'results-reported-in-time',
            title: 'Results reported in time',
            evaluate: ({ options }) => ({ status: 'met', evidence: `within ${String(options.reportingDays)} days` }),
          },
        ]),
      ],
    });
    expect(results.map((r) => r.id)).toEqual([...CORE_GUIDELINES.map((g) => g.id), 'community-diagnostics.results-reported-in-time']);
    expect(results.at(-1)).toEqual({
      id: 'community-diagnostics.results-reported-in-time',
      title: 'Results reported in time',
      source: 'plugin:community-diagnostics@1.0.0',
      status: 'met',
      evidence: 'within 14 days',
    });
    expect(failures).toEqual([]);
  });

  it('gives a plugin check the organisation, its options, today and the run’s steps, as a copy it cannot change', async () => {
    let seen: unknown;
    await evaluate({
      organisation: ORG,
      run,
      today: TODAY,
      plugins: [
        plugin([
          {
            id: 'peek',
            title: 'Peeks at its context',
            evaluate: (context) => {
              seen = structuredClone(context);
              context.run!.steps[0].status = 'done';
              context.organisation.name = 'changed';
              return { status: 'unknown', evidence: '' };
            },
          },
        ]),
      ],
    });
    expect(seen).toMatchObject({
      organisation: ORG,
      options: { reportingDays: 14 },
      today: TODAY,
      run: {
        goLiveDate: GO_LIVE,
        catalogueVersion: '2026.11.1',
        steps: expect.arrayContaining([
          expect.objectContaining({ id: 'core.confirm-dspt-submission', status: 'not-started', dueDate: '2026-08-18', overdue: false }),
        ]),
      },
    });
    expect(run.steps['core.confirm-users-ig-trained'].status).toBe('not-started');
    expect(ORG.name).toBe('Royal Devon');
  });

  it('turns a throwing check into unknown with a note, and reports the failure for the log', async () => {
    const { results, failures } = await evaluate({
      organisation: ORG,
      run,
      today: TODAY,
      plugins: [
        plugin([
          {
            id: 'boom',
            title: 'Throws',
            evaluate: () => {
              throw new Error('database of results unreachable');
            },
          },
        ]),
      ],
    });
    expect(results.at(-1)).toMatchObject({
      id: 'community-diagnostics.boom',
      status: 'unknown',
      evidence: expect.stringMatching(/check of plugin community-diagnostics failed.*see the server log/),
    });
    // The plugin's message goes to the log, not into a report sent around the NHS.
    expect(results.at(-1)!.evidence).not.toContain('unreachable');
    expect(failures).toEqual([{ plugin: 'community-diagnostics', check: 'boom', kind: 'threw', error: 'database of results unreachable' }]);
  });

  it.each([
    ['nothing', undefined],
    ['a bad status', { status: 'green', evidence: 'x' }],
    ['no evidence', { status: 'met' }],
    ['a promise of something else than a result', 'promise-of-garbage'],
  ])('treats a check returning %s as unknown', async (_, returned) => {
    const { results, failures } = await evaluate({
      organisation: ORG,
      run,
      today: TODAY,
      plugins: [
        plugin([{ id: 'odd', title: 'Odd result', evaluate: () => (returned === 'promise-of-garbage' ? Promise.resolve({ status: 'yes' }) : returned) }]),
      ],
    });
    expect(results.at(-1)).toMatchObject({ status: 'unknown', evidence: expect.stringContaining('returned no valid result') });
    expect(failures).toEqual([expect.objectContaining({ check: 'odd', kind: 'invalid-result' })]);
  });

  it('accepts a check that answers with a promise, and treats one that rejects as failed', async () => {
    const { results, failures } = await evaluate({
      organisation: ORG,
      run,
      today: TODAY,
      plugins: [
        plugin([
          { id: 'later', title: 'Answers later', evaluate: () => Promise.resolve({ status: 'met', evidence: 'looked it up' }) },
          { id: 'rejects', title: 'Rejects', evaluate: () => Promise.reject(new Error('results service down')) },
        ]),
      ],
    });
    expect(results.slice(-2)).toEqual([
      expect.objectContaining({ id: 'community-diagnostics.later', status: 'met', evidence: 'looked it up' }),
      expect.objectContaining({
        id: 'community-diagnostics.rejects',
        status: 'unknown',
        evidence: expect.stringContaining('failed, so its status is unknown'),
      }),
    ]);
    expect(failures).toEqual([{ plugin: 'community-diagnostics', check: 'rejects', kind: 'threw', error: 'results service down' }]);
  });

  it('treats a check that never finishes, synchronously or as a promise, as unknown and goes on with the next', async () => {
    const { results, failures } = await evaluate({
      organisation: ORG,
      run,
      today: TODAY,
      plugins: [
        plugin([
          {
            id: 'spins',
            title: 'Loops forever',
            evaluate: () => {
              for (;;);
            },
          },
          { id: 'hangs', title: 'Never settles', evaluate: () => new Promise(() => undefined) },
          { id: 'fine', title: 'Fine', evaluate: () => ({ status: 'met', evidence: 'ok' }) },
        ]),
      ],
    });
    expect(results.slice(-3).map((r) => [r.id, r.status])).toEqual([
      ['community-diagnostics.spins', 'unknown'],
      ['community-diagnostics.hangs', 'unknown'],
      ['community-diagnostics.fine', 'met'],
    ]);
    expect(results.at(-2)!.evidence).toContain('did not finish within its time limit');
    expect(failures.map((f) => [f.check, f.kind])).toEqual([
      ['spins', 'timed-out'],
      ['hangs', 'timed-out'],
    ]);
  });

  it('shortens very long plugin evidence', async () => {
    const { results } = await evaluate({
      organisation: ORG,
      run,
      today: TODAY,
      plugins: [plugin([{ id: 'long', title: 'Long', evaluate: () => ({ status: 'met', evidence: 'x'.repeat(5000) }) }])],
    });
    expect(results.at(-1)!.evidence).toHaveLength(1000);
  });

  it('does not call plugin checks for an organisation without a run, and lists them as unknown', async () => {
    const check = jest.fn();
    const { results } = await evaluate({
      organisation: ORG,
      run: null,
      today: TODAY,
      plugins: [plugin([{ id: 'needs-run', title: 'Needs a run', evaluate: check }])],
    });
    expect(check).not.toHaveBeenCalled();
    expect(results.every((r) => r.status === 'unknown')).toBe(true);
    expect(results.at(-1)).toMatchObject({ id: 'community-diagnostics.needs-run', evidence: 'no onboarding run has been started' });
  });
});
