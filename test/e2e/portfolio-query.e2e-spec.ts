import { QueryBus } from '@nestjs/cqrs';
import { GetPortfolio, type PortfolioFilter, type PortfolioSort } from '../../apps/onramp/src/readiness';
import { OnrampClient, expectProblem, expectStatus, newOdsCode } from '../support/onramp-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKinds } from '../support/test-database';

/**
 * GetPortfolio's forecast bands, overdue sort and RAG counts, on both databases. A forecast needs
 * weeks of history, so each organisation's run is started for real and its summary row is then
 * given the forecast, progress, overdue count and RAG this spec is about (the columns the daily
 * refresh writes); everything else in the row is the projection's own.
 */
describe.each(testDatabaseKinds())('the portfolio query on %s', (kind) => {
  let t: TestApp;
  let admin: OnrampClient;
  const p = (n: number) => (kind === 'sqlite' ? '?' : `$${n}`);

  /** name → ODS code; the names sort the same on both databases. */
  const ods: Record<string, string> = {};
  const ROWS: { name: string; slack: number | null; finished?: boolean; overdue: number; rag: 'red' | 'amber' | 'green' }[] = [
    { name: 'Aire Behind', slack: -5, overdue: 3, rag: 'red' },
    { name: 'Brent At Risk', slack: 5, overdue: 1, rag: 'amber' },
    { name: 'Clyde Finished Close', slack: 5, finished: true, overdue: 0, rag: 'green' },
    { name: 'Dee On Track', slack: 30, overdue: 1, rag: 'green' },
    { name: 'Esk Edge Of Risk', slack: 14, overdue: 0, rag: 'green' },
    { name: 'Forth No Forecast', slack: null, overdue: 2, rag: 'amber' },
  ];

  const portfolio = (sort: PortfolioSort | undefined, filter: PortfolioFilter = {}, extra: { limit?: number; offset?: number; withCounts?: boolean } = {}) =>
    t.app.get(QueryBus).execute(new GetPortfolio('all', { sort, filter, ...extra }));
  const names = (items: { odsCode: string }[]) => items.map((i) => Object.keys(ods).find((n) => ods[n] === i.odsCode));

  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = new OnrampClient(t, t.adminToken);
    for (const row of [...ROWS, { name: 'Gade Not Started' }]) {
      const code = newOdsCode('Q');
      expectStatus(await admin.post('/api/v1/organisations', { odsCode: code, name: row.name, type: 'acute' }), 201);
      ods[row.name] = code;
    }
    for (const row of ROWS) {
      const code = ods[row.name];
      await admin.as(await admin.createToken(code, 'implementation-lead')).startRun(code);
      await t.db.sql(
        `update readiness_summaries set forecast_slack_days = ${p(1)}, steps_settled = ${row.finished ? 'steps_total' : '0'}, overdue = ${p(2)}, rag = ${p(3)}, rag_rank = ${p(4)} where organisation = ${p(5)}`,
        [row.slack, row.overdue, row.rag, { red: 0, amber: 1, green: 2 }[row.rag], code],
      );
    }
  });
  afterAll(async () => t?.close());

  describe('when filtered by forecast band', () => {
    it.each([
      ['behind', ['Aire Behind']],
      ['at-risk', ['Brent At Risk']],
      ['on-track', ['Clyde Finished Close', 'Dee On Track', 'Esk Edge Of Risk']],
      ['no-forecast', ['Forth No Forecast']],
    ] as const)('finds %s organisations by the readiness rules’ terms (no run is in no band)', async (band, expected) => {
      expect(names((await portfolio('name', { forecast: [band] })).items)).toEqual(expected);
    });

    it('finds any of several bands, and combines with the other filters', async () => {
      expect(names((await portfolio('name', { forecast: ['behind', 'no-forecast'] })).items)).toEqual(['Aire Behind', 'Forth No Forecast']);
      expect(names((await portfolio('name', { forecast: ['on-track'], overdue: true })).items)).toEqual(['Dee On Track']);
      expect(names((await portfolio('name', { forecast: ['on-track', 'at-risk'], rag: ['amber'] })).items)).toEqual(['Brent At Risk']);
    });
  });

  it('sorts by overdue steps, most first, then by name, with no run last', async () => {
    expect(names((await portfolio('overdue')).items)).toEqual([
      'Aire Behind',
      'Forth No Forecast',
      'Brent At Risk',
      'Dee On Track',
      'Clyde Finished Close',
      'Esk Edge Of Risk',
      'Gade Not Started',
    ]);
  });

  it('counts every match by RAG status, whatever the page, and the counts make the total', async () => {
    const all = await portfolio('name', {}, { limit: 2, offset: 2, withCounts: true });
    expect({ total: all.total, counts: all.counts, page: names(all.items) }).toEqual({
      total: 7,
      counts: { red: 1, amber: 2, green: 3, notStarted: 1 },
      page: ['Clyde Finished Close', 'Dee On Track'],
    });
    const filtered = await portfolio('rag', { rag: ['green', 'none'] }, { withCounts: true });
    expect({ total: filtered.total, counts: filtered.counts }).toEqual({ total: 4, counts: { red: 0, amber: 0, green: 3, notStarted: 1 } });
    expect((await portfolio('name')).counts).toBeUndefined();
  });

  it('is offered by the API’s portfolio report: the forecast filter and the overdue sort, and a problem for a band it does not know', async () => {
    const res = await admin.get('/api/v1/reports/portfolio?forecast=behind,at-risk&sort=overdue');
    expectStatus(res, 200);
    expect((res.body.organisations as { organisation: { name: string } }[]).map((o) => o.organisation.name)).toEqual(['Aire Behind', 'Brent At Risk']);
    expectProblem(await admin.get('/api/v1/reports/portfolio?forecast=late'), { status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'forecast' });
  });
});
