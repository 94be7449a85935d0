import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComplianceReportModel, PortfolioReportModel, ReadinessReportModel } from '../../platform/rendering/template-models';
import { complianceEvidenceInWords, complianceReportView, downloadLinks, namingSteps, portfolioReportView, readinessReportView } from './report-views';

/** The report templates' fixtures have exactly the models' shapes (template-models.ts). */
const fixture = <T>(name: string) => JSON.parse(readFileSync(join(__dirname, '../../../../../templates/reports', name, 'fixture.json'), 'utf8')) as T;

describe('the report pages’ views', () => {
  describe('namingSteps', () => {
    const titles = new Map([
      ['core.a', 'Appoint a lead'],
      ['core.ab', 'Agree budgets'],
      ['acute.x-y', 'Switch off paper'],
    ]);

    it('names the steps a reason lists by id, and starts it with a capital', () => {
      expect(namingSteps('red: 2 go-live gate step(s) overdue: core.ab, acute.x-y', titles)).toBe(
        'Red: 2 go-live gate step(s) overdue: “Agree budgets”, “Switch off paper”',
      );
    });

    it('leaves alone what only looks like an id: a longer id, or an id inside another word', () => {
      expect(namingSteps('amber: core.abc and xcore.a and core.a-b, but core.a.', titles)).toBe(
        'Amber: core.abc and xcore.a and core.a-b, but “Appoint a lead”.',
      );
    });

    it('leaves a reason without ids as it is, but for the capital', () => {
      expect(namingSteps('amber: 3 step(s) overdue', new Map())).toBe('Amber: 3 step(s) overdue');
    });
  });

  it('shows the readiness report in words, dates in UK format, tables as the table partial takes them', () => {
    const model = fixture<ReadinessReportModel>('readiness');
    const view = readinessReportView(model, 'Europe/London');
    expect(view.summary.find((r) => r.key === 'RAG status')?.value).toBe('Red');
    expect(view.summary.find((r) => r.key === 'Readiness score')?.value).toBe(`${model.score}%`);
    expect(view.summary.find((r) => r.key === 'Planned go-live')?.value).toMatch(
      /^\d{1,2} [A-Z][a-z]+ \d{4} \((in \d+ days?|today|tomorrow|\d+ days? overdue)\)$/,
    );
    expect(view.steps.rows).toHaveLength(model.steps.length);
    expect(
      view.steps.rows
        .flat()
        .map((c) => ('text' in c ? c.text : c.tag.label))
        .join(' '),
    ).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    expect(view.areas.rows[0][2]).toEqual({
      tag: { label: expect.stringMatching(/^(Red|Amber|Green)$/), colour: expect.stringMatching(/^(red|orange|green)$/) },
    });
  });

  it('shows the portfolio report with a link to each organisation and "Not started" for those without a run', () => {
    const model = fixture<PortfolioReportModel>('portfolio');
    const view = portfolioReportView(model, 'Europe/London');
    expect(view.rows).toHaveLength(model.organisations.length);
    expect(view.rows[0][0]).toEqual({
      text: expect.stringContaining(model.organisations[0].organisation.odsCode),
      href: `/organisations/${model.organisations[0].organisation.odsCode}`,
    });
    const notStarted = model.organisations.findIndex((o) => !o.hasRun);
    expect(notStarted).toBeGreaterThan(0);
    expect(view.rows[notStarted][2]).toEqual({ tag: { label: 'Not started', colour: 'grey' } });
    expect(view.rows[notStarted][6]).toEqual({ text: '' });
  });

  it('counts each organisation’s guidelines by status for the compliance table', () => {
    const model = fixture<ComplianceReportModel>('compliance');
    const view = complianceReportView(model, 'Europe/London');
    const first = model.organisations[0];
    expect(view.rows[0].slice(2)).toEqual(
      ['met', 'not-met', 'unknown'].map((s) => ({ text: String(first.guidelines.filter((g) => g.status === s).length), numeric: true })),
    );
    expect(view.organisations[0].rows).toHaveLength(first.guidelines.length);
  });

  describe('complianceEvidenceInWords', () => {
    const names = {
      titles: new Map([
        ['core.confirm-dspt-submission', 'Confirm the DSPT submission'],
        ['core.appoint-implementation-lead', 'Appoint a dedicated implementation lead'],
      ]),
      evidence: new Map([
        ['appointment-record', 'Minute, letter or email confirming who leads the e-RS implementation'],
        ['board-minute', 'Board minute'],
      ]),
    };

    it('names the steps and the evidence, says roles in words and dates in UK format, one sentence a part', () => {
      const evidence =
        'core.confirm-dspt-submission is awaiting sign-off by the implementation-lead, due 2026-08-18 | ' +
        'core.appoint-implementation-lead: completed by Kim Davies (clinical-lead) on 2026-07-01, signed off by Sam Reid (implementation-lead) on 2026-07-02; ' +
        'evidence appointment-record: https://intranet.example.nhs.uk/minutes-2026-06-30.pdf; board-minute: Minute 2026-05-04/7';
      expect(complianceEvidenceInWords(evidence, names, 'Europe/London')).toBe(
        '‘Confirm the DSPT submission’ is awaiting sign-off by the implementation lead, due 18 August 2026. ' +
          '‘Appoint a dedicated implementation lead’: completed by Kim Davies (clinical lead) on 1 July 2026, signed off by Sam Reid (implementation lead) on 2 July 2026; ' +
          'evidence: Minute, letter or email confirming who leads the e-RS implementation: https://intranet.example.nhs.uk/minutes-2026-06-30.pdf; Board minute: Minute 2026-05-04/7.',
      );
    });

    it('leaves what it does not know as it is, and a date that is no day as written', () => {
      expect(complianceEvidenceInWords('no onboarding run has been started', names, 'Europe/London')).toBe('No onboarding run has been started.');
      expect(complianceEvidenceInWords('acute.other is overdue: due 2026-02-30, not started', names, 'Europe/London')).toBe(
        'Acute.other is overdue: due 2026-02-30, not started.',
      );
    });
  });

  it('offers one download link per format, each saying what the file is', () => {
    expect(downloadLinks('/reports/compliance', 'compliance report', ['json', 'csv'])).toEqual([
      { href: '/reports/compliance/download?format=json', label: 'Download the compliance report as data for other tools (JSON)' },
      { href: '/reports/compliance/download?format=csv', label: 'Download the compliance report as a spreadsheet (CSV)' },
    ]);
  });
});
