import { MikroORM } from '@mikro-orm/core';
import type { Response } from 'supertest';
import { parseCsv, parseCsvObjects } from '../../apps/onramp/src/reports/domain/testing/csv.reader';
import type { Clock } from '../../apps/onramp/src/shared/domain/clock';
import { OnrampClient, expectProblem, expectStatus, inDays, type StepJson } from '../support/onramp-client';
import { writePlugin } from '../support/plugin-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKinds } from '../support/test-database';

/** A clock the suite can move forward, to make steps overdue without waiting. */
class TestClock implements Clock {
  private offsetDays = 0;
  now() {
    return new Date(Date.now() + this.offsetDays * 86_400_000);
  }
  advance(days: number) {
    this.offsetDays += days;
  }
  reset() {
    this.offsetDays = 0;
  }
  today() {
    return this.now().toISOString().slice(0, 10);
  }
}

/** A third-party plugin with compliance checks: one that passes, one that throws. */
const CHECKS_PLUGIN = `module.exports = {
  id: 'report-checks',
  version: '2.1.0',
  hostApi: '^1.0.0',
  organisationTypes: ['acute'],
  steps: [],
  hooks: {
    complianceChecks: [
      { id: 'always-met', title: 'Local audit of e-RS use is scheduled', evaluate: (c) => ({ status: 'met', evidence: 'audit booked for ' + c.organisation.odsCode + ' across ' + c.run.steps.length + ' steps' }) },
      { id: 'throws', title: 'A check whose data source is down', evaluate: () => { throw new Error('secret internals of the plugin'); } },
    ],
  },
};
`;

const EVIL_NAME = '=HYPERLINK("http://evil")';
const SCRIPT_NAME = '<script>alert("x")</script> Hospital';
const PLUS_PERSON = '+Evil Person';
const PLUS_REFERENCE = '+44 20 7946 0000 board minute';

const GUIDELINES = [
  'users-trained-and-ig-compliant',
  'clinical-delegation-reviewed',
  'clinical-input-for-services-and-referrals',
  'worklists-monitored-daily',
  'technical-support-in-place',
  'operational-policies-reflect-guidelines',
  'services-commissioned-and-published',
];

const contentType = (res: Response) => String(res.headers['content-type']);
const disposition = (res: Response) => String(res.headers['content-disposition']);

interface ComplianceJson {
  guidelines: { id: string }[];
  summary: { organisations: number; met: number; notMet: number; unknown: number };
  organisations: {
    organisation: { odsCode: string; name: string };
    score: number | null;
    rag: string | null;
    guidelines: { id: string; status: string; evidence: string; source: string }[];
  }[];
}

describe.each(testDatabaseKinds())('reports on %s', (kind) => {
  const clock = new TestClock();
  let t: TestApp;
  let admin: OnrampClient;
  let national: OnrampClient;
  let evil: { ods: string; lead: OnrampClient; clinical: OnrampClient; viewer: OnrampClient };
  let script: { ods: string; lead: OnrampClient };
  let quiet: string;

  async function register(name: string, type: string) {
    const ods = `R${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
    expectStatus(await admin.post('/api/v1/organisations', { odsCode: ods, name, type }), 201);
    return ods;
  }

  /** Completes the steps and everything they depend on, in dependency order, signing off where needed. */
  async function complete(ods: string, lead: OnrampClient, clinical: OnrampClient, targets: string[]) {
    const steps = new Map((await lead.run(ods)).steps.map((s) => [s.id, s]));
    const order: StepJson[] = [];
    const visit = (id: string) => {
      const s = steps.get(id)!;
      if (order.includes(s)) return;
      s.dependsOn.forEach(visit);
      order.push(s);
    };
    targets.forEach(visit);
    for (const s of order) {
      if (s.status === 'done') continue;
      const body = OnrampClient.evidenceFor(s);
      if (s.id === 'core.appoint-implementation-lead') body.evidence[0].reference = PLUS_REFERENCE;
      expectStatus(await lead.step(ods, s.id, 'complete', body), 200);
      if (s.signOffRole) expectStatus(await (s.signOffRole === 'clinical-lead' ? clinical : lead).step(ods, s.id, 'sign-off', { note: 'reviewed' }), 200);
    }
  }

  beforeAll(async () => {
    t = await startTestApp(kind, { clock, plugins: ['acute', 'mental-health', 'independent-sector', writePlugin(CHECKS_PLUGIN)] });
    admin = new OnrampClient(t, t.adminToken);
    national = admin.as(await admin.createToken(null, 'national-team'));

    // An acute trust with a hostile name, a hostile person and a hostile evidence reference.
    const evilOds = await register(EVIL_NAME, 'acute');
    evil = {
      ods: evilOds,
      lead: admin.as(await admin.createToken(evilOds, 'implementation-lead')),
      clinical: admin.as(await admin.createToken(evilOds, 'clinical-lead')),
      viewer: admin.as(await admin.createToken(evilOds, 'viewer')),
    };
    await evil.lead.startRun(evilOds, inDays(200));
    const person = await evil.lead.addPerson(evilOds, 'implementation-lead', PLUS_PERSON);
    expectStatus(await evil.lead.step(evilOds, 'core.appoint-implementation-lead', 'assign', { personId: person }), 200);
    // The clinical-input guideline's steps and their dependencies: met.
    await complete(evilOds, evil.lead, evil.clinical, ['core.agree-referral-review-rules']);
    // A guideline step waived: not met, whatever readiness makes of it.
    expectStatus(await evil.lead.step(evilOds, 'core.arrange-technical-and-user-support', 'waive', { reason: 'the IT supplier provides support' }), 200);

    // A mental health provider whose name is markup; no plugin checks apply to it.
    const scriptOds = await register(SCRIPT_NAME, 'mental-health');
    script = { ods: scriptOds, lead: admin.as(await admin.createToken(scriptOds, 'implementation-lead')) };
    await script.lead.startRun(scriptOds, inDays(150));

    // An acute trust that has not started.
    quiet = await register('Quiet Acute Trust', 'acute');
  });
  afterAll(async () => t?.close());

  describe('the readiness report', () => {
    const path = () => `/api/v1/organisations/${evil.ods}/reports/readiness`;

    it('defaults to JSON that agrees with the readiness endpoint, plus every step and the charts', async () => {
      const [report, readiness, run] = await Promise.all([
        evil.viewer.get(path()),
        evil.viewer.get(`/api/v1/organisations/${evil.ods}/readiness`),
        evil.lead.run(evil.ods),
      ]);
      expectStatus(report, 200);
      expect(contentType(report)).toMatch(/^application\/json/);
      expect(disposition(report)).toBe(`inline; filename="onramp-readiness-${evil.ods}-${clock.today()}.json"`);
      const r = report.body;
      expect(r.organisation).toEqual({ odsCode: evil.ods, name: EVIL_NAME, type: 'acute' });
      expect({ score: r.score, rag: r.rag, gate: r.gate, goLiveDate: r.goLiveDate, runVersion: r.runVersion }).toEqual({
        score: readiness.body.score,
        rag: readiness.body.rag,
        gate: readiness.body.gate,
        goLiveDate: readiness.body.goLiveDate,
        runVersion: readiness.body.version,
      });
      expect(r.blockers).toEqual(readiness.body.blockers);
      expect(r.forecast).toEqual({
        completionDate: readiness.body.forecast.completionDate,
        daysAfterGoLive: readiness.body.forecast.daysAfterGoLive,
        note: readiness.body.forecast.note,
      });
      expect(r.counts).toEqual({
        total: readiness.body.counts.total,
        overdue: readiness.body.counts.overdue,
        done: readiness.body.counts.done,
        waived: readiness.body.counts.waived,
        awaitingSignOff: readiness.body.counts['awaiting-sign-off'],
        inProgress: readiness.body.counts['in-progress'],
        notStarted: readiness.body.counts['not-started'],
      });
      expect(r.areas.map((a: { area: string; score: number }) => [a.area, a.score])).toEqual(
        readiness.body.areas.map((a: { area: string; score: number }) => [a.area, a.score]),
      );
      expect(r.steps.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual(run.steps.map((s) => [s.id, s.status]));
      expect(r.plugins).toEqual(
        expect.arrayContaining([
          { id: 'acute', version: expect.any(String) },
          { id: 'report-checks', version: '2.1.0' },
        ]),
      );
      // Five steps done and one waived today: the series starts today at six (one point, the run started today too).
      expect({ done: r.counts.done, waived: r.counts.waived }).toEqual({ done: 5, waived: 1 });
      expect(r.progress).toEqual([{ date: clock.today(), settled: 6 }]);
      expect(r.charts.areas).toMatch(/^<svg [^>]*role="img"/);
      expect(r.charts.progress).toContain(`Go-live ${r.goLiveDate}`);
    });

    it('as CSV has one row per step, neutralises hostile cells and records who did what', async () => {
      const res = await evil.viewer.get(`${path()}?format=csv`);
      expectStatus(res, 200);
      expect(contentType(res)).toBe('text/csv; charset=utf-8');
      expect(disposition(res)).toBe(`attachment; filename="onramp-readiness-${evil.ods}-${clock.today()}.csv"`);
      expect(res.text.startsWith('\uFEFF')).toBe(true);
      const run = await evil.lead.run(evil.ods);
      const rows = parseCsvObjects(res.text);
      expect(rows.map((r) => r['Step ID'])).toEqual(run.steps.map((s) => s.id));
      expect(new Set(rows.map((r) => r.Organisation))).toEqual(new Set([`'${EVIL_NAME}`]));
      const appointed = rows.find((r) => r['Step ID'] === 'core.appoint-implementation-lead')!;
      expect(appointed).toMatchObject({
        Status: 'Done',
        Assignee: `'${PLUS_PERSON}`,
        'Evidence keys': 'appointment-record',
        'Evidence references': `'${PLUS_REFERENCE}`,
        'Completed by': 'implementation-lead for tests (implementation-lead)',
      });
      expect(rows.find((r) => r['Step ID'] === 'core.agree-referral-review-rules')).toMatchObject({
        Status: 'Done',
        'Signed off by': 'clinical-lead for tests (clinical-lead)',
      });
      expect(rows.find((r) => r['Step ID'] === 'core.arrange-technical-and-user-support')).toMatchObject({
        Status: 'Not applicable (waived)',
        'Waiver reason': 'the IT supplier provides support',
      });
      // No cell anywhere starts with a formula character.
      for (const record of parseCsv(res.text)) for (const cell of record) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    });

    it('as HTML is a full printable document with both charts, a strict policy and escaped names', async () => {
      const res = await script.lead.get(`/api/v1/organisations/${script.ods}/reports/readiness?format=html`);
      expectStatus(res, 200);
      expect(contentType(res)).toBe('text/html; charset=utf-8');
      expect(disposition(res)).toBe(`inline; filename="onramp-readiness-${script.ods}-${clock.today()}.html"`);
      expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'unsafe-inline'; img-src data:/);
      expect(res.text).toMatch(/^<!doctype html>/i);
      expect(res.text).toMatch(/<\/html>\s*$/);
      expect(res.text.match(/<svg [^>]*role="img"/g)?.length).toBeGreaterThanOrEqual(2);
      expect(res.text).toContain('Readiness by area');
      expect(res.text).toContain('Steps settled over time');
      expect(res.text).not.toContain('<script');
      expect(res.text).toContain('&lt;script&gt;');
      expect(res.text).toContain(script.ods);
    });

    it('as Markdown is a download of text, with the name made inert', async () => {
      const res = await script.lead.get(`/api/v1/organisations/${script.ods}/reports/readiness?format=md`);
      expectStatus(res, 200);
      expect(contentType(res)).toBe('text/markdown; charset=utf-8');
      expect(disposition(res)).toBe(`attachment; filename="onramp-readiness-${script.ods}-${clock.today()}.md"`);
      expect(res.text).toContain(script.ods);
      expect(res.text).not.toContain('<script>');
    });

    it('of another organisation is not found, exactly like one that does not exist', async () => {
      const other = await evil.lead.get(`/api/v1/organisations/${script.ods}/reports/readiness?format=csv`);
      expectProblem(other, { status: 404, code: 'ORGANISATION.NOT_FOUND' });
      expect(JSON.stringify(other.body)).not.toContain('script');
      expectProblem(await national.get('/api/v1/organisations/NOSUCH1/reports/readiness'), { status: 404, code: 'ORGANISATION.NOT_FOUND' });
    });

    it('of an organisation without a run says how to start one', async () => {
      expectProblem(await national.get(`/api/v1/organisations/${quiet}/reports/readiness?format=html`), { status: 404, code: 'ONBOARDING.RUN_NOT_FOUND' });
    });
  });

  describe('the portfolio report', () => {
    it('shows a national-team token every organisation, including those not started', async () => {
      const res = await national.get('/api/v1/reports/portfolio');
      expectStatus(res, 200);
      expect(contentType(res)).toMatch(/^application\/json/);
      expect(disposition(res)).toBe(`inline; filename="onramp-portfolio-${clock.today()}.json"`);
      const rows = res.body.organisations as { organisation: { odsCode: string }; hasRun: boolean; score: number | null }[];
      // Worst first (RAG, then least slack): the organisation that has not started comes last.
      expect(rows.map((r) => r.organisation.odsCode).sort()).toEqual([evil.ods, script.ods, quiet].sort());
      expect(rows.at(-1)!.organisation.odsCode).toBe(quiet);
      expect(res.body.summary).toMatchObject({ organisations: 3, notStarted: 1 });
      const readiness = await national.get(`/api/v1/organisations/${evil.ods}/readiness`);
      expect(rows.find((r) => r.organisation.odsCode === evil.ods)).toMatchObject({
        hasRun: true,
        score: readiness.body.score,
        rag: readiness.body.rag.status,
        gateGo: false,
      });
      expect(rows.find((r) => r.organisation.odsCode === quiet)).toMatchObject({ hasRun: false, score: null, rag: null });
    });

    it('shows an organisation token only its own organisation', async () => {
      const res = await evil.viewer.get('/api/v1/reports/portfolio?format=csv');
      expectStatus(res, 200);
      expect(disposition(res)).toBe(`attachment; filename="onramp-portfolio-${evil.ods}-${clock.today()}.csv"`);
      const rows = parseCsvObjects(res.text);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ 'ODS code': evil.ods, Organisation: `'${EVIL_NAME}`, 'Onboarding started': 'yes' });
      const json = await script.lead.get('/api/v1/reports/portfolio');
      expect(json.body.organisations.map((r: { organisation: { odsCode: string } }) => r.organisation.odsCode)).toEqual([script.ods]);
    });

    it('as CSV gives one row per organisation, neutralised', async () => {
      const res = await national.get('/api/v1/reports/portfolio?format=csv');
      expectStatus(res, 200);
      expect(contentType(res)).toBe('text/csv; charset=utf-8');
      const rows = parseCsvObjects(res.text);
      expect(rows.map((r) => r['ODS code']).sort()).toEqual([evil.ods, script.ods, quiet].sort());
      expect(rows.at(-1)!['ODS code']).toBe(quiet);
      expect(rows.find((r) => r['ODS code'] === evil.ods)!.Organisation).toBe(`'${EVIL_NAME}`);
      expect(rows.find((r) => r['ODS code'] === quiet)).toMatchObject({ 'Onboarding started': 'no', Score: '', RAG: '' });
    });

    it('as HTML is a full document with hostile names escaped', async () => {
      const res = await national.get('/api/v1/reports/portfolio?format=html');
      expectStatus(res, 200);
      expect(contentType(res)).toBe('text/html; charset=utf-8');
      expect(disposition(res)).toBe(`inline; filename="onramp-portfolio-${clock.today()}.html"`);
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.text).toMatch(/^<!doctype html>/i);
      expect(res.text).not.toContain('<script');
      expect(res.text).toContain('&lt;script&gt;');
      for (const ods of [evil.ods, script.ods, quiet]) expect(res.text).toContain(ods);
    });
  });

  describe('the compliance report', () => {
    let report: ComplianceJson;
    const row = (ods: string) => report.organisations.find((o) => o.organisation.odsCode === ods)!;
    const guideline = (ods: string, id: string) => row(ods).guidelines.find((g) => g.id === id)!;

    beforeAll(async () => {
      const res = await national.get('/api/v1/reports/compliance');
      expectStatus(res, 200);
      expect(contentType(res)).toMatch(/^application\/json/);
      expect(disposition(res)).toBe(`inline; filename="onramp-compliance-${clock.today()}.json"`);
      report = res.body as ComplianceJson;
    });

    it('lists the core guidelines, then the checks of enabled plugins prefixed with the plugin id', () => {
      expect(report.guidelines.map((g) => g.id)).toEqual([...GUIDELINES, 'report-checks.always-met', 'report-checks.throws']);
      expect(report.organisations.map((o) => o.organisation.odsCode)).toEqual([evil.ods, script.ods, quiet].sort());
    });

    it('is met where every mapped step is done, citing who did it, when, and the evidence', () => {
      const g = guideline(evil.ods, 'clinical-input-for-services-and-referrals');
      expect(g.status).toBe('met');
      expect(g.source).toBe('https://digital.nhs.uk/services/e-referral-service/document-library/best-practice-guidance');
      expect(g.evidence).toContain(
        `core.record-clinician-service-input: completed by implementation-lead for tests (implementation-lead) on ${clock.today()}, signed off by clinical-lead for tests (clinical-lead) on ${clock.today()}`,
      );
      expect(g.evidence).toContain('evidence review-protocol: https://intranet.example.nhs.uk/evidence/review-protocol');
    });

    it('is not met where a mapped step was waived, and says that waiving is not compliance', () => {
      const g = guideline(evil.ods, 'technical-support-in-place');
      expect(g.status).toBe('not-met');
      expect(g.evidence).toContain('core.arrange-technical-and-user-support was waived');
      expect(g.evidence).toContain('waiving a guideline is not compliance');
    });

    it('is unknown where work is not yet due, and for every guideline of an organisation without a run', () => {
      expect(guideline(evil.ods, 'services-commissioned-and-published')).toMatchObject({
        status: 'unknown',
        evidence: expect.stringContaining('core.confirm-services-commissioned is not started, due'),
      });
      expect(row(quiet).guidelines.every((g) => g.status === 'unknown' && g.evidence === 'no onboarding run has been started')).toBe(true);
      expect(row(quiet)).toMatchObject({ score: null, rag: null });
    });

    it('appends plugin checks; a throwing check is unknown, with a note and without its internals', () => {
      expect(guideline(evil.ods, 'report-checks.always-met')).toMatchObject({
        status: 'met',
        evidence: expect.stringMatching(new RegExp(`^audit booked for ${evil.ods} across \\d+ steps$`)),
        source: 'plugin:report-checks@2.1.0',
      });
      const thrown = guideline(evil.ods, 'report-checks.throws');
      expect(thrown.status).toBe('unknown');
      expect(thrown.evidence).toContain('see the server log');
      expect(thrown.evidence).not.toContain('secret');
      // The plugin covers acute organisations only.
      expect(row(script.ods).guidelines.map((g) => g.id)).toEqual(GUIDELINES);
    });

    it('summarises results across organisations', () => {
      const cells = report.organisations.flatMap((o) => o.guidelines);
      expect(report.summary).toEqual({
        organisations: 3,
        met: cells.filter((c) => c.status === 'met').length,
        notMet: cells.filter((c) => c.status === 'not-met').length,
        unknown: cells.filter((c) => c.status === 'unknown').length,
      });
      expect(report.summary.met).toBe(2);
    });

    it('as CSV has one row per organisation, a status column per guideline and evidence columns, neutralised', async () => {
      const res = await national.get('/api/v1/reports/compliance?format=csv');
      expectStatus(res, 200);
      expect(contentType(res)).toBe('text/csv; charset=utf-8');
      expect(disposition(res)).toBe(`attachment; filename="onramp-compliance-${clock.today()}.csv"`);
      const [header] = parseCsv(res.text);
      const ids = [...GUIDELINES, 'report-checks.always-met', 'report-checks.throws'];
      expect(header).toEqual(['ODS code', 'Organisation', 'Type', 'Score', 'RAG', 'Go-live date', ...ids, ...ids.map((id) => `${id} evidence`)]);
      const rows = parseCsvObjects(res.text);
      expect(rows.map((r) => r['ODS code'])).toEqual(report.organisations.map((o) => o.organisation.odsCode));
      for (const r of rows) {
        const json = row(r['ODS code']);
        for (const id of ids) {
          const g = json.guidelines.find((x) => x.id === id);
          expect([id, r[id], r[`${id} evidence`]]).toEqual([id, g?.status ?? '', g ? g.evidence : '']);
        }
      }
      expect(rows.find((r) => r['ODS code'] === evil.ods)!.Organisation).toBe(`'${EVIL_NAME}`);
      expect(rows.find((r) => r['ODS code'] === script.ods)!.Organisation).toBe(SCRIPT_NAME);
    });

    it('shows an organisation token only its own row', async () => {
      const res = await evil.viewer.get('/api/v1/reports/compliance?format=csv');
      expectStatus(res, 200);
      expect(parseCsvObjects(res.text).map((r) => r['ODS code'])).toEqual([evil.ods]);
      const json = await script.lead.get('/api/v1/reports/compliance');
      expect(json.body.organisations.map((o: { organisation: { odsCode: string } }) => o.organisation.odsCode)).toEqual([script.ods]);
      expect(json.body.summary.organisations).toBe(1);
    });

    it('as HTML is a full document with hostile names escaped', async () => {
      const res = await national.get('/api/v1/reports/compliance?format=html');
      expectStatus(res, 200);
      expect(contentType(res)).toBe('text/html; charset=utf-8');
      expect(disposition(res)).toBe(`inline; filename="onramp-compliance-${clock.today()}.html"`);
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.text).toMatch(/^<!doctype html>/i);
      expect(res.text).not.toContain('<script');
      expect(res.text).toContain('&lt;script&gt;');
    });

    it('turns a mapped step that becomes overdue into not met', async () => {
      clock.advance(180); // go-live is 20 days away: the commissioning step (due 35 days before) is overdue
      try {
        const res = await national.get('/api/v1/reports/compliance');
        const g = (res.body as ComplianceJson).organisations
          .find((o) => o.organisation.odsCode === evil.ods)!
          .guidelines.find((x) => x.id === 'services-commissioned-and-published')!;
        expect(g).toMatchObject({
          status: 'not-met',
          evidence: expect.stringMatching(/^core\.confirm-services-commissioned is overdue: due \d{4}-\d{2}-\d{2}, not started$/),
        });
      } finally {
        clock.reset();
      }
    });
  });

  describe('format and access', () => {
    it.each([
      ['/api/v1/reports/portfolio?format=pdf'],
      ['/api/v1/reports/compliance?format=md'],
      ['/api/v1/reports/compliance?format=HTML'],
      ['/api/v1/reports/portfolio?format=csv&format=html'],
    ])('refuses %s with a problem naming format', async (path) => {
      expectProblem(await national.get(path), { status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'format' });
    });

    it('refuses an unknown readiness format with a problem naming format', async () => {
      expectProblem(await evil.viewer.get(`/api/v1/organisations/${evil.ods}/reports/readiness?format=xlsx`), {
        status: 400,
        code: 'REQUEST.VALIDATION_FAILED',
        field: 'format',
      });
    });

    it('needs a token', async () => {
      expectProblem(await t.http().get('/api/v1/reports/compliance'), { status: 401, code: 'AUTH.MISSING_TOKEN' });
    });

    it('reads many organisations in a fixed number of queries, not one per organisation', async () => {
      const connection = t.app.get(MikroORM).em.getConnection();
      const execute = jest.spyOn(connection, 'execute');
      try {
        const count = async (path: string) => {
          execute.mockClear();
          expectStatus(await national.get(path), 200);
          // Only reads of report data: the mail worker polls the outbox on the same connection meanwhile.
          return execute.mock.calls
            .map((c) => String(c[0]))
            .filter((sql) => /from [`"]?(organisations|onboarding_runs|people|readiness_summaries)\b/.test(sql));
        };
        const before = { portfolio: await count('/api/v1/reports/portfolio'), compliance: await count('/api/v1/reports/compliance?format=csv') };
        for (let i = 0; i < 3; i++) {
          const ods = await register(`Extra Trust ${i}`, 'acute');
          await admin.as(await admin.createToken(ods, 'implementation-lead')).startRun(ods);
        }
        const after = { portfolio: await count('/api/v1/reports/portfolio'), compliance: await count('/api/v1/reports/compliance?format=csv') };
        expect(after).toEqual(before);
        // One query of organisations joined to their readiness summaries; no run document is read.
        expect(before.portfolio).toEqual([expect.stringMatching(/from organisations o left join readiness_summaries/)]);
        expect(before.portfolio.join(' ')).not.toContain('onboarding_runs');
        expect(before.compliance).toHaveLength(2);
      } finally {
        execute.mockRestore();
      }
    });
  });
});
