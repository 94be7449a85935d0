import fc from 'fast-check';
import type { Response } from 'supertest';
import type { Clock } from '../../apps/onramp/src/shared/domain/clock';
import { OnrampClient, expectStatus, inDays, type StepJson } from '../support/onramp-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKinds } from '../support/test-database';
import { aPerson, formToken, PageSession, type TestPerson } from '../support/web-session';

/**
 * A clock that stands still: a report says when it was generated, so the API's answer and the
 * page's download are the same bytes only when both are made at the same instant.
 */
class StillClock implements Clock {
  private readonly at = new Date();
  now() {
    return new Date(this.at);
  }
  today() {
    return this.at.toISOString().slice(0, 10);
  }
}

const HOSTILE = 'Zetland <script>alert("x")</script> Hospital';

/** The words a person reads: tags removed, entities decoded, spaces collapsed. */
function words(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The ODS codes of the portfolio table's rows, top to bottom. */
const rowOrder = (html: string) =>
  [...html.matchAll(/<th class="nhsuk-table__header" scope="row">\s*<a class="nhsuk-link" href="\/organisations\/([A-Z0-9]+)">/g)].map((m) => m[1]);

/** Every link's address as the browser reads it (Handlebars writes = as &#x3D; and & as &amp;), with its rel. */
const links = (html: string) =>
  [...html.matchAll(/<a [^>]*?href="([^"]*)"([^>]*)>/g)].map((m) => ({ href: words(m[1]), rel: /rel="(\w+)"/.exec(m[2])?.[1] ?? null, tag: m[0] }));
const hrefs = (html: string) => links(html).map((l) => l.href);

const h1 = (html: string) => words(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '');

function expectPage(res: Response, status: number, heading: string) {
  expect({ status: res.status, type: String(res.headers['content-type']), h1: h1(res.text) }).toEqual({
    status,
    type: 'text/html; charset=utf-8',
    h1: heading,
  });
}

describe.each(testDatabaseKinds())('report pages and the national portfolio on %s', (kind) => {
  const clock = new StillClock();
  let t: TestApp;
  let admin: OnrampClient;
  let nationalApi: OnrampClient;
  let national: PageSession;
  let lead: PageSession;
  let leadPerson: TestPerson;
  /** ODS codes by what the organisation is: green (acute), red (mental health), amber (community), not started (independent sector), hostile name (acute, no run). */
  const ods = { green: '', red: '', amber: '', quiet: '', hostile: '' };
  const rag: Record<string, string> = {};

  async function register(name: string, type: string) {
    const code = `W${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
    expectStatus(await admin.post('/api/v1/organisations', { odsCode: code, name, type }), 201);
    return code;
  }

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
    admin = new OnrampClient(t, t.adminToken);
    nationalApi = admin.as(await admin.createToken(null, 'national-team'));

    ods.green = await register('Aldgate Acute Trust', 'acute');
    ods.red = await register('Bow Mental Health Trust', 'mental-health');
    ods.amber = await register('Camden Community Services', 'community');
    ods.quiet = await register('Dalston Independent Clinic', 'independent-sector');
    ods.hostile = await register(HOSTILE, 'acute');

    const start = async (code: string, days: number) => {
      const token = admin.as(await admin.createToken(code, 'implementation-lead'));
      await token.startRun(code, inDays(days, clock.now()));
      return token;
    };
    // Nothing due yet: green. The first gate step was due 5 days ago: red.
    await start(ods.green, 200);
    await start(ods.red, 175);
    // The first gate step done; other steps were due 2 days ago: amber.
    const amberLead = await start(ods.amber, 168);
    const clinical = admin.as(await admin.createToken(ods.amber, 'clinical-lead'));
    const appoint = (await amberLead.run(ods.amber)).steps.find((s: StepJson) => s.id === 'core.appoint-implementation-lead')!;
    expectStatus(await amberLead.step(ods.amber, appoint.id, 'complete', OnrampClient.evidenceFor(appoint)), 200);
    if (appoint.signOffRole)
      expectStatus(await (appoint.signOffRole === 'clinical-lead' ? clinical : amberLead).step(ods.amber, appoint.id, 'sign-off', {}), 200);

    for (const code of [ods.green, ods.red, ods.amber]) rag[code] = (await nationalApi.get(`/api/v1/organisations/${code}/readiness`)).body.rag.status;
    expect([rag[ods.green], rag[ods.red], rag[ods.amber]]).toEqual(['green', 'red', 'amber']);

    national = await PageSession.signIn(t, await aPerson(t, { globalRole: 'national-team', name: 'Nadia National' }));
    leadPerson = await aPerson(t, { ods: ods.green, role: 'implementation-lead', name: 'Lee Lead' });
    lead = await PageSession.signIn(t, leadPerson);
  });
  afterAll(async () => t?.close());

  describe('the national portfolio', () => {
    it('shows the national team every organisation, worst first, each linking to its overview, with the counts', async () => {
      const res = await national.get('/portfolio');
      expectPage(res, 200, 'National portfolio');
      expect(rowOrder(res.text)).toEqual([ods.red, ods.amber, ods.green, ods.quiet, ods.hostile]);
      const text = words(res.text);
      expect(text).toContain('5 organisations in Onramp');
      expect(text).toMatch(/Red 1 organisation Amber 1 organisation Green 1 organisation Not started 2 organisations/);
      expect(text).toContain('Showing 1 to 5 of 5 organisations');
      // The hostile name is shown as text, never as markup.
      expect(res.text).not.toContain('<script>alert');
      expect(text).toContain(HOSTILE);
      expect(res.text).toMatch(/<th class="nhsuk-table__header" scope="col" aria-sort="descending">\s*<a class="nhsuk-link" href="\/portfolio">RAG status/);
      expect(hrefs(res.text)).toEqual(
        expect.arrayContaining(['/portfolio?sort=name', '/portfolio?sort=go-live', '/portfolio?sort=slack', '/portfolio?sort=overdue']),
      );
      expect(hrefs(res.text)).toEqual(expect.arrayContaining([`/organisations/${ods.red}`, `/organisations/${ods.quiet}`]));
      expect(res.text).toContain('<caption class="nhsuk-table__caption nhsuk-table__caption--m">Organisations, sorted by RAG status, worst first');
    });

    it('sorts by name from the column heading, marking the column with aria-sort', async () => {
      const res = await national.get('/portfolio?sort=name');
      expectPage(res, 200, 'National portfolio');
      expect(rowOrder(res.text)).toEqual([ods.green, ods.red, ods.amber, ods.quiet, ods.hostile]);
      expect(res.text).toMatch(
        /aria-sort="ascending">\s*<a class="nhsuk-link" href="\/portfolio\?sort&#x3D;name">Organisation<span class="nhsuk-u-visually-hidden"> \(sorted by name, A to Z\)/,
      );
      expect(res.text).toMatch(/aria-sort="none">\s*<a class="nhsuk-link" href="\/portfolio">RAG status/);
    });

    it('sorts by overdue steps, most first, and by go-live date, soonest first, with no run last', async () => {
      const overdue = rowOrder((await national.get('/portfolio?sort=overdue')).text);
      expect(overdue.slice(3).sort()).toEqual([ods.quiet, ods.hostile].sort());
      const counts = await Promise.all(
        overdue.slice(0, 3).map(async (c) => (await nationalApi.get(`/api/v1/organisations/${c}/readiness`)).body.counts.overdue as number),
      );
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      expect(counts[0]).toBeGreaterThan(0);
      expect(rowOrder((await national.get('/portfolio?sort=go-live')).text).slice(0, 3)).toEqual([ods.amber, ods.red, ods.green]);
    });

    it('filters by RAG status, organisation type, forecast and overdue steps, keeping the sort', async () => {
      expect(rowOrder((await national.get('/portfolio?rag=red')).text)).toEqual([ods.red]);
      expect(rowOrder((await national.get('/portfolio?rag=green&rag=none&sort=name')).text)).toEqual([ods.green, ods.quiet, ods.hostile]);
      expect(rowOrder((await national.get('/portfolio?type=acute&sort=name')).text)).toEqual([ods.green, ods.hostile]);
      expect(rowOrder((await national.get('/portfolio?type=acute&type=community&rag=amber,green')).text)).toEqual([ods.amber, ods.green]);
      expect(rowOrder((await national.get('/portfolio?overdue=true&sort=name')).text)).toEqual([ods.red, ods.amber]);
      // Every run here is days old: too young for a forecast.
      expect(rowOrder((await national.get('/portfolio?forecast=no-forecast&sort=name')).text)).toEqual([ods.green, ods.red, ods.amber]);
      const behind = await national.get('/portfolio?forecast=behind');
      expect(rowOrder(behind.text)).toEqual([]);
      expect(words(behind.text)).toContain('No organisations match these filters');

      const filtered = await national.get('/portfolio?type=acute&rag=green&sort=name');
      const text = words(filtered.text);
      expect(text).toContain('1 organisation matches the filters');
      expect(text).toMatch(/Red 0 organisations Amber 0 organisations Green 1 organisation Not started 0 organisations/);
      // The form shows what is applied; the sort links keep the filters; "Clear filters" keeps the sort.
      expect(filtered.text).toMatch(/name="type" type="checkbox" value="acute" checked/);
      expect(filtered.text).not.toMatch(/name="type" type="checkbox" value="community" checked/);
      expect(filtered.text).toMatch(/name="rag" type="checkbox" value="green" checked/);
      expect(filtered.text).toContain('<input type="hidden" name="sort" value="name">');
      expect(hrefs(filtered.text)).toEqual(expect.arrayContaining(['/portfolio?sort=overdue&rag=green&type=acute', '/portfolio?rag=green&type=acute']));
      expect(words(/<a href="([^"]*)">Clear filters<\/a>/.exec(filtered.text)?.[1] ?? 'no "Clear filters" link')).toBe('/portfolio?sort=name');
    });

    it.each([
      ['/portfolio?sort=worst', '"sort" must be one of rag, slack, name, go-live, overdue'],
      ['/portfolio?rag=purple', '"rag" must be any of red, amber, green, none'],
      ['/portfolio?type=hospital', '"type" must be any of acute'],
      ['/portfolio?page=0', '"page" must be a whole number'],
      ['/portfolio?overdue=maybe', '"overdue"'],
    ])('answers %s with a 400 page naming the problem', async (path, problem) => {
      const res = await national.get(path);
      expectPage(res, 400, 'There is a problem with what was sent');
      expect(words(res.text)).toContain(problem);
    });

    it('is refused to an implementation lead with a 403 page in words', async () => {
      for (const path of ['/portfolio', '/reports/portfolio', '/reports/compliance', '/reports/compliance/download?format=csv']) {
        const res = await lead.get(path);
        expectPage(res, 403, 'You cannot do this');
        expect(words(res.text)).toContain('Only the national team and administrators can see every organisation');
        expect(res.text).not.toContain(ods.red);
      }
    });

    it('never fails and never reflects a query-string value unescaped, whatever the address holds', async () => {
      const hostile = fc.constantFrom('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='x", '&lt;b&gt;', '</title><svg>');
      const value = fc.oneof(
        fc.constantFrom('red', 'amber', 'green', 'none', 'acute', 'behind', 'at-risk', 'name', 'rag', 'overdue', 'true', 'false', '1', '2', '99999', '-1', ''),
        fc.string({ maxLength: 20 }),
        hostile,
        hostile.map((h) => `red,${h}`),
      );
      const key = fc.oneof(fc.constantFrom('sort', 'rag', 'type', 'forecast', 'overdue', 'page'), fc.string({ minLength: 1, maxLength: 8 }), hostile);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 6 }), async (pairs) => {
          const qs = new URLSearchParams(pairs).toString();
          const res = await national.get(`/portfolio${qs ? `?${qs}` : ''}`);
          expect(res.status).toBeLessThan(500);
          expect([200, 400]).toContain(res.status);
          // A value with markup in it must never appear as it was sent (escaped, or not at all).
          for (const part of pairs.flat()) if (/[<>]/.test(part) && part.length >= 4) expect(res.text).not.toContain(part);
        }),
        { numRuns: 60 },
      );
    });

    it('pages fifty organisations at a time, with links to the pages either side', async () => {
      for (let i = 0; i < 51; i += 3)
        await Promise.all([i, i + 1, i + 2].filter((n) => n < 51).map((n) => register(`Paging Provider ${String(n).padStart(2, '0')}`, 'other')));
      const first = await national.get('/portfolio?type=other&sort=name');
      const rows = rowOrder(first.text);
      expect(rows).toHaveLength(50);
      expect(words(first.text)).toContain('Showing 1 to 50 of 51 organisations');
      expect(
        links(first.text)
          .filter((l) => l.rel)
          .map((l) => [l.rel, l.href]),
      ).toEqual([['next', '/portfolio?sort=name&type=other&page=2']]);
      const second = await national.get('/portfolio?type=other&sort=name&page=2');
      expectPage(second, 200, 'National portfolio');
      expect(rowOrder(second.text)).toHaveLength(1);
      expect(rows).not.toContain(rowOrder(second.text)[0]);
      expect(words(second.text)).toContain('Showing 51 to 51 of 51 organisations');
      expect(
        links(second.text)
          .filter((l) => l.rel)
          .map((l) => [l.rel, l.href]),
      ).toEqual([['prev', '/portfolio?sort=name&type=other']]);
      const beyond = await national.get('/portfolio?type=other&page=9');
      expectPage(beyond, 200, 'National portfolio');
      expect(words(beyond.text)).toContain('There are only 2 pages of organisations');
    });
  });

  describe('the readiness report page', () => {
    it('shows the organisation its readiness in words: score, RAG status, gate, areas and steps', async () => {
      const api = (await nationalApi.get(`/api/v1/organisations/${ods.green}/reports/readiness`)).body;
      const res = await lead.get(`/organisations/${ods.green}/reports/readiness`);
      expectPage(res, 200, 'Readiness report');
      const text = words(res.text);
      expect(text).toContain(`Readiness ${api.score}%: Green`);
      expect(text).toContain(`Readiness score ${api.score}%`);
      expect(text).toContain('RAG status Green');
      expect(text).toContain('Why the rating is Green');
      expect(text).toContain(`No-go: ${api.gate.missing.length} gate steps open`);
      expect(text).toContain(`0 of ${api.counts.total} done`);
      expect(text).toContain(api.steps[0].title);
      expect(hrefs(res.text).filter((h) => h.includes('/download'))).toEqual(
        ['json', 'html', 'md', 'csv'].map((f) => `/organisations/${ods.green}/reports/readiness/download?format=${f}`),
      );
    });

    it('tells why a red organisation is red, to the national team', async () => {
      const res = await national.get(`/organisations/${ods.red}/reports/readiness`);
      expectPage(res, 200, 'Readiness report');
      expect(words(res.text)).toContain('Why the rating is Red');
      expect(words(res.text)).toMatch(/days? overdue/);
      // The calculator's reason names the step by id; the page names it by its title.
      const title = (await nationalApi.get(`/api/v1/organisations/${ods.red}/onboarding`)).body.steps.find(
        (s: StepJson) => s.id === 'core.appoint-implementation-lead',
      ).title;
      expect(words(res.text)).toContain(`Red: 1 go-live gate step(s) overdue: “${title}”`);
      expect(res.text).not.toContain('core.appoint-implementation-lead');
    });

    it('says an organisation that has not started has no report yet', async () => {
      const res = await national.get(`/organisations/${ods.quiet}/reports/readiness`);
      expectPage(res, 404, 'There is no readiness report yet');
      expect(words(res.text)).toContain('Dalston Independent Clinic has not started onboarding');
    });

    it.each(['json', 'html', 'md', 'csv'])('downloads as %s: the API’s bytes and type, as an attachment', async (format) => {
      const api = await nationalApi.get(`/api/v1/organisations/${ods.green}/reports/readiness?format=${format}`);
      expectStatus(api, 200);
      const page = await lead.get(`/organisations/${ods.green}/reports/readiness/download?format=${format}`);
      const fileName = `onramp-readiness-${ods.green}-${clock.today()}.${format}`;
      expect(api.headers['content-disposition']).toMatch(new RegExp(`^(inline|attachment); filename="${fileName}"$`));
      expect({
        status: page.status,
        type: page.headers['content-type'],
        disposition: page.headers['content-disposition'],
        cache: page.headers['cache-control'],
      }).toEqual({
        status: 200,
        type: api.headers['content-type'],
        disposition: `attachment; filename="${fileName}"`,
        cache: 'private, no-store',
      });
      expect(page.text).toBe(api.text);
      if (format === 'html') expect(page.headers['content-security-policy']).toBe(api.headers['content-security-policy']);
    });

    it('is "Page not found" for another organisation’s report and downloads, as for a code nobody registered', async () => {
      for (const path of [
        `/organisations/${ods.red}/reports/readiness`,
        `/organisations/${ods.red}/reports/readiness/download?format=csv`,
        `/organisations/${ods.red.toLowerCase()}/reports/readiness/download?format=json`,
        '/organisations/NOSUCH1/reports/readiness',
      ]) {
        const res = await lead.get(path);
        expectPage(res, 404, 'Page not found');
        expect(res.text).not.toContain('Bow Mental Health');
      }
    });

    it.each(['pdf', 'HTML', ''])('answers an unknown format %j with a 400 page naming the formats', async (format) => {
      const res = await lead.get(`/organisations/${ods.green}/reports/readiness/download?format=${format}`);
      expectPage(res, 400, 'There is a problem with what was sent');
      expect(words(res.text)).toContain('"format" must be one of json, html, md, csv');
    });

    it('refuses two formats at once', async () => {
      const res = await lead.get(`/organisations/${ods.green}/reports/readiness/download?format=csv&format=json`);
      expectPage(res, 400, 'There is a problem with what was sent');
    });
  });

  describe('the national reports', () => {
    it('shows the portfolio report with every organisation and its downloads', async () => {
      const res = await national.get('/reports/portfolio');
      expectPage(res, 200, 'Portfolio report');
      const text = words(res.text);
      for (const name of ['Aldgate Acute Trust', 'Bow Mental Health Trust', 'Camden Community Services', 'Dalston Independent Clinic', HOSTILE])
        expect(text).toContain(name);
      expect(res.text).not.toContain('<script>alert');
      expect(hrefs(res.text).filter((h) => h.includes('/download'))).toEqual(['json', 'html', 'csv'].map((f) => `/reports/portfolio/download?format=${f}`));
    });

    it('shows compliance with the guidelines, each organisation’s in turn', async () => {
      const api = (await nationalApi.get('/api/v1/reports/compliance')).body;
      const res = await national.get('/reports/compliance');
      expectPage(res, 200, 'Compliance with the best practice guidelines');
      const text = words(res.text);
      expect(text).toContain(`Checks met ${api.summary.met}`);
      expect(text).toContain(`Checks not met ${api.summary.notMet}`);
      for (const g of api.guidelines as { title: string }[]) expect(text).toContain(g.title);
      expect(text).toContain('Guidelines for Camden Community Services');
      // The evidence names the steps it cites, not their ids, and says dates the UK way.
      expect(text).not.toMatch(/\bcore\.[a-z]/);
      expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
      expect(text).toContain('‘Confirm every e-RS user is qualified for their role and up to date with information governance training’');
    });

    it.each([
      ['portfolio', 'json'],
      ['portfolio', 'html'],
      ['portfolio', 'csv'],
      ['compliance', 'json'],
      ['compliance', 'html'],
      ['compliance', 'csv'],
    ])('downloads the %s report as %s: the API’s bytes and type, as an attachment', async (report, format) => {
      const api = await nationalApi.get(`/api/v1/reports/${report}?format=${format}`);
      expectStatus(api, 200);
      const page = await national.get(`/reports/${report}/download?format=${format}`);
      expect({ status: page.status, type: page.headers['content-type'], disposition: page.headers['content-disposition'] }).toEqual({
        status: 200,
        type: api.headers['content-type'],
        disposition: `attachment; filename="onramp-${report}-${clock.today()}.${format}"`,
      });
      expect(page.text).toBe(api.text);
    });

    it.each([['/reports/portfolio/download?format=md'], ['/reports/compliance/download?format=xlsx'], ['/reports/compliance/download']])(
      'answers %s with a 400 page naming the formats',
      async (path) => {
        const res = await national.get(path);
        expectPage(res, 400, 'There is a problem with what was sent');
        expect(words(res.text)).toContain('"format" must be one of json, html, csv');
      },
    );

    it('sends a person who is not signed in from the compliance email’s link to sign in, and back there after', async () => {
      const visitor = new PageSession(t);
      const away = await visitor.get('/reports/compliance');
      expect({ status: away.status, location: away.headers.location }).toEqual({ status: 303, location: '/sign-in?returnTo=%2Freports%2Fcompliance' });
      const person = await aPerson(t, { globalRole: 'national-team', name: 'Nia Emailed' });
      const form = await visitor.get(away.headers.location);
      expect(form.status).toBe(200);
      expect(form.text).toContain('name="returnTo" value="/reports/compliance"');
      const signedIn = await visitor.post('/sign-in', {
        _csrf: formToken(form.text),
        email: person.email,
        password: person.password,
        returnTo: '/reports/compliance',
      });
      expect({ status: signedIn.status, location: signedIn.headers.location }).toEqual({ status: 303, location: '/reports/compliance' });
      expectPage(await visitor.get('/reports/compliance'), 200, 'Compliance with the best practice guidelines');
    });

    it('sends a signed-out download to sign in too, never the file', async () => {
      const res = await new PageSession(t).get('/reports/portfolio/download?format=csv');
      expect({ status: res.status, location: res.headers.location }).toEqual({
        status: 303,
        location: '/sign-in?returnTo=%2Freports%2Fportfolio%2Fdownload%3Fformat%3Dcsv',
      });
    });
  });
});
