import type { ComplianceReportModel, PortfolioReportModel } from '../../platform/rendering/template-models';
import { readinessOf } from './testing/readiness-of';
import { doneState, evidence, runSnapshot, step, stepState } from '../../onboarding/domain/testing/step-definition.builder';
import { buildReadinessReport } from './report-models';
import { complianceCsv, portfolioCsv, readinessCsv } from './report-csv';
import { parseCsv, parseCsvObjects } from '../domain/testing/csv.reader';

const NOW = new Date('2026-06-01T09:00:00Z');
const HOSTILE = { odsCode: 'RH8', name: '=HYPERLINK("http://evil")', type: 'acute' };

describe('readinessCsv', () => {
  it('has one row per step, with the record and inert hostile text', () => {
    const snapshot = runSnapshot({
      goLiveDate: '2026-09-01',
      startedAt: '2026-03-01T09:00:00Z',
      steps: [
        [
          step('core.a', { evidence: [evidence('minute'), evidence('letter')] }),
          {
            ...doneState('2026-03-10T10:00:00Z'),
            assigneeId: 'p1',
            evidence: [
              { key: 'minute', reference: '+1 minute' },
              { key: 'letter', reference: 'L-7, "board"' },
            ],
          },
        ],
        [step('core.b', { gate: true, dueOffsetDays: -200 }), stepState({ status: 'in-progress' })],
      ],
    });
    const model = buildReadinessReport({
      organisation: HOSTILE,
      run: snapshot,
      runVersion: 3,
      readiness: readinessOf(snapshot, NOW),
      people: new Map([['p1', '@Sam']]),
      now: NOW,
    });
    const rows = parseCsvObjects(readinessCsv(model));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      'ODS code': 'RH8',
      Organisation: `'=HYPERLINK("http://evil")`,
      'Step ID': 'core.a',
      Status: 'Done',
      Overdue: 'no',
      Assignee: "'@Sam",
      'Evidence keys': 'minute\nletter',
      'Evidence references': `'+1 minute\nL-7, "board"`,
      'Added by': 'test',
    });
    expect(rows[1]).toMatchObject({
      'Step ID': 'core.b',
      Status: 'In progress',
      'Due date': '2026-02-13',
      Overdue: 'yes',
      'Go-live gate': 'yes',
      Assignee: '',
      'Completed by': '',
    });
  });
});

describe('portfolioCsv', () => {
  it('has one row per organisation; missing figures are empty cells and numbers stay numbers', () => {
    const model: PortfolioReportModel = {
      generatedAt: NOW.toISOString(),
      today: '2026-06-01',
      summary: { organisations: 2, red: 1, amber: 0, green: 0, notStarted: 1, gateGo: 0 },
      organisations: [
        {
          organisation: HOSTILE,
          hasRun: true,
          goLiveDate: '2026-09-01',
          score: 42,
          rag: 'red',
          gateGo: false,
          gateMissing: 3,
          forecastDate: '2026-08-20',
          daysAfterGoLive: -12,
          overdue: 2,
          overdueGate: 1,
        },
        {
          organisation: { odsCode: 'NV701', name: 'Clinic', type: 'other' },
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
        },
      ],
    };
    const [header, first, second] = parseCsv(portfolioCsv(model));
    expect(header).toEqual([
      'ODS code',
      'Organisation',
      'Type',
      'Onboarding started',
      'Go-live date',
      'Score',
      'RAG',
      'Go-live gate',
      'Gate steps open',
      'Overdue steps',
      'Overdue gate steps',
      'Forecast completion',
      'Days after go-live',
    ]);
    expect(first).toEqual(['RH8', `'=HYPERLINK("http://evil")`, 'acute', 'yes', '2026-09-01', '42', 'red', 'no-go', '3', '2', '1', '2026-08-20', '-12']);
    expect(second).toEqual(['NV701', 'Clinic', 'other', 'no', '', '', '', '', '', '', '', '', '']);
  });
});

describe('complianceCsv', () => {
  it('has one row per organisation, a status column per guideline, then an evidence column per guideline', () => {
    const model: ComplianceReportModel = {
      generatedAt: NOW.toISOString(),
      today: '2026-06-01',
      guidelines: [
        { id: 'g1', title: 'One', source: 'https://x' },
        { id: 'acute.g2', title: 'Two', source: 'plugin:acute@1.0.0' },
      ],
      summary: { organisations: 2, met: 1, notMet: 1, unknown: 1 },
      organisations: [
        {
          organisation: HOSTILE,
          score: 50,
          rag: 'amber',
          goLiveDate: '2026-09-01',
          guidelines: [
            { id: 'g1', title: 'One', status: 'met', evidence: '-done by x', source: 'https://x' },
            { id: 'acute.g2', title: 'Two', status: 'not-met', evidence: 'overdue, "really"', source: 'plugin:acute@1.0.0' },
          ],
        },
        {
          organisation: { odsCode: 'X1', name: 'Other', type: 'other' },
          score: null,
          rag: null,
          goLiveDate: null,
          guidelines: [{ id: 'g1', title: 'One', status: 'unknown', evidence: 'no run', source: 'https://x' }],
        },
      ],
      reportLink: 'https://onramp.example',
    };
    const rows = parseCsvObjects(complianceCsv(model));
    expect(Object.keys(rows[0])).toEqual([
      'ODS code',
      'Organisation',
      'Type',
      'Score',
      'RAG',
      'Go-live date',
      'g1',
      'acute.g2',
      'g1 evidence',
      'acute.g2 evidence',
    ]);
    expect(rows[0]).toEqual({
      'ODS code': 'RH8',
      Organisation: `'=HYPERLINK("http://evil")`,
      Type: 'acute',
      Score: '50',
      RAG: 'amber',
      'Go-live date': '2026-09-01',
      g1: 'met',
      'acute.g2': 'not-met',
      'g1 evidence': "'-done by x",
      'acute.g2 evidence': 'overdue, "really"',
    });
    expect(rows[1]).toMatchObject({ g1: 'unknown', 'acute.g2': '', 'g1 evidence': 'no run', 'acute.g2 evidence': '', Score: '' });
  });
});
