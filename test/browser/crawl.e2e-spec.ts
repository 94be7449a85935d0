import { appendFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { PERSON_ROLES, ACCESS_ROLES } from '../../apps/onramp/src/shared/domain/roles';
import { STEP_STATUSES } from '../../apps/onramp/src/shared/domain/step-status';
import { consoleErrorsOf, expectAccessible, expectReflows, launchBrowser, newContext } from '../support/browser';
import { Onboarding } from '../support/onboarding-api';
import { aPassword, newOdsCode, setPasswordOverHttp, signIn, startOnramp, type Api, type Invitee, type OnrampProcess } from '../support/onramp-process';
import { testDatabaseKinds } from '../support/test-database';

/*
 * The accessibility net for the whole web application: each persona signs in and follows every
 * link from `/`, and every page it reaches must pass, whoever wrote it:
 *   - HTTP status below 500;
 *   - axe-core at WCAG 2.2 AA plus best practice, zero violations;
 *   - reflow: no sideways scrolling at 320 px, nor at 200% zoom;
 *   - no console errors or uncaught exceptions;
 *   - exactly one h1, and a <title> with words before " – Onramp";
 *   - plain language: no raw role codes (implementation-lead, booking-clerk, national-team …), step
 *     status codes (not-started, awaiting-sign-off …) or step ids (core.…, acute.…) in the text of
 *     `main` (text nodes and aria-label, alt and title attributes).
 *
 * SECONDARY DETAIL, for page authors: where an id must be shown (for people who quote it), wrap it
 * in an element with class="onramp-id", e.g. `<span class="onramp-id">core.agree-worklists</span>`
 * beside the step's title. Text inside .onramp-id is not checked for codes; onramp.css styles it as
 * secondary text. Anything else a person reads uses names and words (roleLabel, statusLabel …).
 *
 * The crawl: breadth-first from `/`, same-origin GET links (<a href>) and GET forms, at most
 * MAX_PAGES pages per persona and each URL pattern once: ODS codes, step ids and other ids in the
 * path collapse (/organisations/X/steps/A and /organisations/Y/steps/B count once), and of the query
 * string only the parameter names count (?area=clinical and ?area=technical count once). A GET form
 * (the checklist's and the portfolio's filters) is followed as if submitted with a choice made in
 * each of its fields, so the filtered page is crawled too. Never followed: the JSON API and its
 * documentation (/api/…), static files, anything outside the site, and sign-out (a form today,
 * excluded by path in case a link appears). Links marked `download`, and any URL answered with
 * Content-Disposition or a type other than HTML, are downloads: their status is checked (below
 * 400), and they are not opened as pages.
 *
 * Some pages look different in states their URL does not show: a step page in progress, awaiting
 * sign-off, done, waived, reopened or waiting on another step, and the page of a person removed
 * from their role. The set-up puts a step (and a person) in each of those states, and each persona
 * opens their pages as well (`states`), after the crawl from `/`.
 * The pages of an organisation that has not started onboarding are of another kind too: its ODS
 * code collapses to a placeholder of its own, so they are crawled beside the first organisation's.
 *
 * Every crawled page answers below 400 (`brokenLinksAllowed` is false now that every page of
 * issue 9 has landed), so a link to nowhere fails.
 *
 * Both databases are crawled. Measured on 2 cores with every page of issue 9: 6 personas, 22-49
 * pages each (187 a database), about 1 min 50 s a database with start-up and set-up, 3 min 40 s for
 * the file; nearly all of it axe and the two reflow layouts. Accessibility does not depend on the
 * database, but the pages' data does (ordering, dates, counts), so both are kept while that stays
 * sensible; if it does not, crawl SQLite only (ONRAMP_TEST_DATABASES=sqlite for this file): the
 * journeys suite and the web-* e2e suites cover both.
 *
 * ONRAMP_CRAWL_REPORT=<file> appends what each persona reached (status and pattern of each page and
 * download) to the file, as JSON lines, to see the crawl's coverage.
 */

jest.setTimeout(300_000);

const MAX_PAGES = 60;
/** Every page linked from another exists: a crawled page answering 400 or more is a broken link. */
const brokenLinksAllowed = false;

/** Codes that must not reach the text people read: role codes and statuses with a hyphen (single words such as "viewer" are English). */
const RAW_CODES = [...new Set([...PERSON_ROLES, ...ACCESS_ROLES, ...STEP_STATUSES])].filter((code) => code.includes('-'));

/** Text of `main` a person reads or hears: text nodes and aria-label/alt/title, outside .onramp-id. Run as a string: no DOM types here. */
const READABLE_TEXT_OF_MAIN = `(() => {
  const main = document.querySelector('main');
  if (!main) return '';
  const skip = (el) => !el || el.closest('.onramp-id, script, style, template, noscript');
  const out = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (!skip(node.parentElement)) out.push(node.nodeValue);
  for (const el of main.querySelectorAll('[aria-label], [alt], [title]')) {
    if (skip(el)) continue;
    for (const attr of ['aria-label', 'alt', 'title']) if (el.hasAttribute(attr)) out.push(el.getAttribute(attr));
  }
  return out.join(' ').replace(/\\s+/g, ' ');
})()`;

const LINKS = `Array.from(document.querySelectorAll('a[href]')).map((a) => ({ href: a.href, download: a.hasAttribute('download') }))`;

/**
 * Each GET form of `main` as the URL it would open, submitted with a choice made in every field: a
 * checkbox or radio group with nothing chosen gets its first option, a select left on "any" its
 * first option with a value. Run as a string: no DOM types here.
 */
const GET_FORMS = `Array.from(document.querySelectorAll('main form'))
  .filter((form) => (form.getAttribute('method') || 'get').toLowerCase() === 'get')
  .map((form) => {
    const data = new FormData(form);
    for (const input of form.querySelectorAll('input[type=checkbox], input[type=radio]')) if (!data.has(input.name)) data.append(input.name, input.value);
    for (const select of form.querySelectorAll('select')) {
      const option = Array.from(select.options).find((o) => o.value);
      if (!data.get(select.name) && option) data.set(select.name, option.value);
    }
    const url = new URL(form.action, location.href);
    url.search = new URLSearchParams(data).toString();
    return url.href;
  })`;

/**
 * The URL's pattern: ids in the path collapsed, and only the names of query parameters kept. An
 * ODS code collapses to `:ods`, or to the placeholder `known.odsCodes` gives it: an organisation
 * whose pages are of another kind (one with no onboarding run yet) has its pages crawled as well.
 */
function patternOf(url: URL, known: { odsCodes: ReadonlyMap<string, string>; stepIds: ReadonlySet<string> }): string {
  const path = url.pathname
    .split('/')
    .map((segment, i, all) => {
      const value = decodeURIComponent(segment);
      const ods = known.odsCodes.get(value.toUpperCase());
      if (ods) return ods;
      if (all[i - 1] === 'organisations' && /^[A-Z0-9]{3,10}$/i.test(value) && value !== 'new') return ':ods';
      if (known.stepIds.has(value) || all[i - 1] === 'steps') return ':step';
      if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) || /^\d+$/.test(value) || /^[0-9a-f]{16,}$/i.test(value)) return ':id';
      return segment;
    })
    .join('/');
  const names = [...new Set(url.searchParams.keys())].sort();
  return names.length ? `${path}?${names.join('&')}` : path;
}

/** Raw codes in text a person reads: role and status codes, and anything shaped like a step id of a known plugin. */
function rawCodesIn(text: string, stepIdPattern: RegExp): string[] {
  const codes = RAW_CODES.filter((code) => new RegExp(`(^|[^\\w-])${code}($|[^\\w-])`).test(text));
  const stepId = stepIdPattern.exec(text);
  return [...codes, ...(stepId ? [`a step id (…${text.slice(Math.max(0, stepId.index - 20), stepId.index + 40)}…)`] : [])];
}

/** Step ids start with their plugin's id (or core) and a dot. */
const stepIdPatternFor = (pluginIds: string[]) => new RegExp(`\\b(?:${['core', ...pluginIds].map((id) => id.replace(/[-.]/g, '\\$&')).join('|')})\\.[a-z0-9]`);

/** Every check for one page; returns what failed (nothing: the page passes). */
async function problemsOf(page: Page, status: number, consoleBefore: number, stepIdPattern: RegExp): Promise<string[]> {
  const problems: string[] = [];
  const attempt = async (what: string, check: () => Promise<void> | void) => {
    try {
      await check();
    } catch (e) {
      problems.push(`${what}: ${(e as Error).message}`);
    }
  };
  if (status >= 500) problems.push(`status ${status}`);
  if (!brokenLinksAllowed && status >= 400) problems.push(`status ${status}: a link leads to a page that does not exist or cannot be shown`);
  await attempt('h1', async () => {
    const count = await page.locator('h1').count();
    if (count !== 1) throw new Error(`${count} h1 elements; a page has exactly one`);
  });
  await attempt('title', async () => {
    const title = (await page.title()).replace(/\s*–\s*Onramp\s*$/, '').trim();
    if (!title) throw new Error(`"${await page.title()}" says nothing about the page`);
  });
  await attempt('axe', () => expectAccessible(page));
  await attempt('reflow', () => expectReflows(page));
  await attempt('console', () => {
    const errors = consoleErrorsOf(page).slice(consoleBefore);
    if (errors.length) throw new Error(errors.join('; '));
  });
  await attempt('plain language', async () => {
    const found = rawCodesIn(await page.evaluate<string>(READABLE_TEXT_OF_MAIN), stepIdPattern);
    if (found.length) throw new Error(`raw codes in the text of main: ${found.join(', ')} (wrap ids shown as secondary detail in class="onramp-id")`);
  });
  return problems;
}

interface Persona {
  name: string;
  email: string;
  password: string;
  /** Page patterns this persona must reach, whatever else exists: the crawl followed links rather than stopping at the first page. */
  reaches: string[];
  /** The pages of STATES this persona opens after the crawl (labels). */
  states: string[];
}

interface Visited {
  pattern: string;
  url: string;
  status: number;
}

/** A page in a state its URL does not show, opened by the personas that can see it. */
interface State {
  label: string;
  path: string;
}

// One browser for the whole file: each persona gets a context of its own.
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('the crawl’s own checks fail on a page that breaks them', () => {
  const known = {
    odsCodes: new Map([
      ['RX9', ':ods'],
      ['B12345', ':ods'],
      ['C999', ':ods-before-onboarding'],
    ]),
    stepIds: new Set(['core.agree-worklists', 'acute.publish-services']),
  };
  const stepIds = stepIdPatternFor(['acute', 'mental-health']);

  it('collapses ids in paths and values in query strings, so each kind of page is crawled once', () => {
    const pattern = (path: string) => patternOf(new URL(path, 'http://127.0.0.1'), known);
    expect(pattern('/organisations/RX9/steps/core.agree-worklists')).toBe('/organisations/:ods/steps/:step');
    expect(pattern('/organisations/B12345/steps/acute.publish-services')).toBe('/organisations/:ods/steps/:step');
    expect(pattern('/organisations/ZZZ99/steps/unknown.step/history')).toBe('/organisations/:ods/steps/:step/history');
    expect(pattern('/organisations/RX9/checklist?area=clinical&status=done')).toBe(pattern('/organisations/RX9/checklist?status=waived&area=technical'));
    expect(pattern('/organisations/RX9/checklist?area=clinical')).not.toBe(pattern('/organisations/RX9/checklist'));
    expect(pattern('/account/tokens/3f2b8c1e-5d4a-4b6f-9e7d-1a2b3c4d5e6f/revoke')).toBe('/account/tokens/:id/revoke');
    expect(pattern('/admin/organisations/new')).toBe('/admin/organisations/new');
    expect(pattern('/organisations/C999/people')).toBe('/organisations/:ods-before-onboarding/people');
  });

  it('finds role codes, status codes and step ids in the text, and not the words people read', () => {
    expect(rawCodesIn('Owner: implementation-lead. Status: awaiting-sign-off', stepIds)).toEqual(['implementation-lead', 'awaiting-sign-off']);
    expect(rawCodesIn('See core.agree-worklists', stepIds)).toEqual([expect.stringContaining('a step id')]);
    expect(rawCodesIn('Owned by mental-health.crisis-line', stepIds)).toEqual([expect.stringContaining('a step id')]);
    expect(
      rawCodesIn('Implementation lead, booking clerk, national team; in progress, awaiting sign-off; a viewer; sam.reid@example.nhs.uk; score.', stepIds),
    ).toEqual([]);
  });

  it('fails a page with two h1s, an empty title and a raw code, and passes ids inside .onramp-id', async () => {
    const context = await newContext(browser, 'http://127.0.0.1');
    try {
      const page = await context.newPage();
      await page.setContent(
        '<!doctype html><html lang="en"><head><title> – Onramp</title></head><body><main><h1>One</h1><h1>Two</h1>' +
          '<p>Owner: <span class="onramp-id">implementation-lead</span> <span class="onramp-id">core.agree-worklists</span></p>' +
          '<a href="/x" aria-label="Assign to booking-clerk">Assign</a></main></body></html>',
      );
      const problems = await problemsOf(page, 200, 0, stepIds);
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^h1: 2 h1 elements/),
          expect.stringMatching(/^title: /),
          expect.stringMatching(/^plain language: raw codes in the text of main: booking-clerk \(/),
        ]),
      );
      expect(problems.join('\n')).not.toMatch(/implementation-lead|a step id/);
      expect(await problemsOf(page, 503, 0, stepIds)).toContain('status 503');
    } finally {
      await context.close();
    }
  });

  it('follows a GET form as if submitted with a choice made in every field, and no POST form', async () => {
    const context = await newContext(browser, 'http://127.0.0.1');
    try {
      const page = await context.newPage();
      await page.setContent(
        '<!doctype html><html lang="en"><head><title>Forms – Onramp</title></head><body><main><h1>Forms</h1>' +
          '<form method="get" action="http://127.0.0.1/checklist"><input type="hidden" name="sort" value="due">' +
          '<select name="area"><option value="">Any</option><option value="clinical">Clinical</option></select>' +
          '<input type="checkbox" name="rag" value="red"><input type="checkbox" name="rag" value="amber"></form>' +
          '<form method="post" action="http://127.0.0.1/steps/x/start"><button>Start</button></form></main></body></html>',
      );
      expect(await page.evaluate<string[]>(GET_FORMS)).toEqual(['http://127.0.0.1/checklist?sort=due&area=clinical&rag=red']);
    } finally {
      await context.close();
    }
  });
});

describe.each(testDatabaseKinds())('every page each persona can reach, in Chromium on %s', (kind) => {
  let onramp: OnrampProcess;
  const personas = new Map<string, Persona>();
  /** Values that collapse to a placeholder in URL patterns. */
  const odsCodes = new Map<string, string>();
  const stepIds = new Set<string>();
  const known = { odsCodes, stepIds };
  const states = new Map<string, State>();
  let stepIdPattern: RegExp;

  beforeAll(async () => {
    onramp = await startOnramp(kind);
    const a = await onramp.organisation('Riverside Valley Hospitals NHS Trust');
    // Registered, with no onboarding run yet: its pages are of another kind (its overview offers to
    // start one, its checklist does not exist yet), so they are crawled as pages of their own.
    const c = newOdsCode('C');
    await onramp.admin.expect(201, 'POST', '/api/v1/organisations', { odsCode: c, name: 'Northgate Community Health NHS Trust', type: 'community' });
    odsCodes.set(a, ':ods').set(c, ':ods-before-onboarding');
    const lead: Api = await onramp.leadApi(a);

    // Pages every member of the organisation reaches from its overview and their own pages.
    const common = ['/account', '/help', '/accessibility'];
    const organisationPages = [
      '/my-work',
      '/organisations/:ods',
      '/organisations/:ods/checklist',
      '/organisations/:ods/checklist?area&assignee&due&owner&status',
      '/organisations/:ods/steps/:step',
      '/organisations/:ods/people',
      '/organisations/:ods/people/:id',
      '/organisations/:ods/settings',
      '/organisations/:ods/audit',
      '/organisations/:ods/audit?before',
      '/organisations/:ods/reports/readiness',
    ];
    const leadPages = ['/organisations/:ods/people/add', '/organisations/:ods/people/:id/edit', '/organisations/:ods/people/:id/remove'];
    const nationalPages = [
      '/portfolio',
      '/portfolio?sort',
      '/portfolio?forecast&overdue&rag&type',
      '/reports/portfolio',
      '/reports/compliance',
      ...organisationPages.filter((p) => p !== '/my-work'),
    ];
    const pageStates = ['done', 'in progress', 'waiting on another step', 'awaiting sign-off', 'waived', 'reopened', 'a person removed from their role'];
    const beforeOnboarding = ['/organisations/:ods-before-onboarding', '/organisations/:ods-before-onboarding/people'];

    const invite = async (key: string, ods: string, invitee: Invitee, reaches: string[], seen = pageStates) => {
      const person = await onramp.person(ods, invitee, lead);
      personas.set(key, { name: person.name, email: person.email, password: person.password, reaches, states: seen });
      return person;
    };
    const twoOrgs = await invite(
      'an implementation lead of two organisations',
      a,
      { name: 'Kim Davies', email: 'kim.davies@example.nhs.uk', role: 'implementation-lead' },
      [...common, ...organisationPages, ...leadPages, ...beforeOnboarding, '/organisations'],
    );
    await onramp.addPerson(c, { name: twoOrgs.name, email: twoOrgs.email, role: 'implementation-lead' });
    await invite('a clinical lead', a, { name: 'Dr Amara Okafor', email: 'amara.okafor@example.nhs.uk', role: 'clinical-lead' }, [
      ...common,
      ...organisationPages,
      ...leadPages,
    ]);
    const clerk = await invite('a booking clerk (contributor)', a, { name: 'Sam Reid', email: 'sam.reid@example.nhs.uk', role: 'booking-clerk' }, [
      ...common,
      ...organisationPages,
    ]);
    await invite('a viewer', a, { name: 'Lee Turner', email: 'lee.turner@example.nhs.uk', role: 'service-manager', accessRole: 'viewer' }, [
      ...common,
      ...organisationPages,
    ]);
    for (const [key, name, email, role, reaches] of [
      ['a national team member', 'Jordan Blake', 'jordan.blake@example.nhs.uk', 'national-team', [...nationalPages, ...beforeOnboarding]],
      [
        'an admin',
        'Ashley Grant',
        'ashley.grant@example.nhs.uk',
        'admin',
        [
          ...nationalPages,
          ...beforeOnboarding,
          ...leadPages,
          '/admin',
          '/admin/organisations/new',
          '/admin/tokens',
          '/admin/tokens/:id/revoke',
          '/admin/mail',
          '/admin/mail?status',
          '/admin/plugins',
        ],
      ],
    ] as const) {
      const password = aPassword();
      await setPasswordOverHttp(await onramp.grantGlobalRole(email, name, role), password);
      personas.set(key, { name, email, password, reaches: [...common, ...reaches], states: pageStates });
    }

    // Work under way in the first organisation, so lists, statuses and histories have something to
    // show, with a step in each state a step page can be in.
    const work = new Onboarding(onramp, a);
    for (const step of (await work.run()).steps) stepIds.add(step.id);
    const clerkId = await work.personId(clerk.email);
    const stepPage = (id: string) => `/organisations/${a}/steps/${encodeURIComponent(id)}`;
    const done = await work.choose((s) => s.dependsOn.length === 0 && s.signOffRole === null, 'step that needs nothing first');
    await work.settle(done.id);
    states.set('done', { label: 'done', path: stepPage(done.id) });
    const awaiting = await work.choose((s) => s.signOffRole === 'clinical-lead', 'step the clinical lead signs off');
    await work.readyToComplete(awaiting.id);
    await work.complete(awaiting.id);
    states.set('awaiting sign-off', { label: 'awaiting sign-off', path: stepPage(awaiting.id) });
    const settled = new Set((await work.run()).steps.filter((s) => s.status === 'done').map((s) => s.id));
    const [inProgress, waived, reopened] = (await work.run()).steps.filter(
      (s) => s.status === 'not-started' && s.dependsOn.every((d) => settled.has(d)) && s.signOffRole === null && !s.gate,
    );
    await work.assign(inProgress.id, clerkId);
    await work.start(inProgress.id);
    states.set('in progress', { label: 'in progress', path: stepPage(inProgress.id) });
    // Assigned to the clerk, and waiting on the step in progress.
    const waiting = await work.choose((s) => s.dependsOn.includes(inProgress.id), 'step after the one in progress');
    await work.assign(waiting.id, clerkId);
    states.set('waiting on another step', { label: 'waiting on another step', path: stepPage(waiting.id) });
    await work.waive(waived.id);
    states.set('waived', { label: 'waived', path: stepPage(waived.id) });
    await work.complete(reopened.id);
    await work.reopen(reopened.id);
    states.set('reopened', { label: 'reopened', path: stepPage(reopened.id) });
    // Removed, so the people page lists them apart and their own page offers to give the role back.
    const removed = await onramp.addPerson(a, { name: 'Alex Morgan', email: 'alex.morgan@example.nhs.uk', role: 'training-lead' }, lead);
    await lead.expect(200, 'DELETE', `/api/v1/organisations/${a}/people/${removed}`);
    states.set('a person removed from their role', { label: 'a person removed from their role', path: `/organisations/${a}/people/${removed}` });
    // More than a page of the audit trail (25 entries), so its older entries are a page of their own.
    for (const step of (await work.run()).steps.filter((s) => s.status === 'not-started' && !s.assignee).slice(0, 12)) await work.assign(step.id, clerkId);
    const entries = (await lead.expect(200, 'GET', `/api/v1/organisations/${a}/audit?limit=100`)).items!.length;
    if (entries <= 25) throw new Error(`the set-up made ${entries} audit entries: the audit trail needs more than one page`);
    const plugins = ((await onramp.admin.expect(200, 'GET', '/api/v1/plugins')).items as { id: string }[]).map((p) => p.id);
    stepIdPattern = stepIdPatternFor(plugins);
  }, 180_000);

  afterAll(() => onramp?.stop());

  const followable = (url: URL) =>
    url.origin === onramp.baseUrl && !/^\/(api|static|assets)(\/|$)/.test(url.pathname) && !/sign-out/.test(url.pathname) && !url.pathname.endsWith('.json');

  async function crawl(page: Page, persona: Persona): Promise<{ visited: Visited[]; downloads: Visited[]; problems: string[] }> {
    const queue: { url: URL; key: string; download: boolean }[] = [{ url: new URL('/', onramp.baseUrl), key: '/', download: false }];
    const seen = new Set<string>();
    const visited: Visited[] = [];
    const downloads: Visited[] = [];
    const problems: string[] = [];
    const enqueue = (href: string, download = false) => {
      const next = new URL(href);
      next.hash = '';
      const key = patternOf(next, known);
      if (followable(next) && !seen.has(key)) queue.push({ url: next, key, download });
    };
    const pending = persona.states.map((label) => states.get(label)!);
    while ((queue.length || pending.length) && visited.length < MAX_PAGES) {
      // The crawl from `/` first; then the pages in states their URL does not show, each once as its state.
      const state = queue.length ? null : pending.shift()!;
      const { url, key, download } = state
        ? { url: new URL(state.path, onramp.baseUrl), key: `${patternOf(new URL(state.path, onramp.baseUrl), known)} (${state.label})`, download: false }
        : queue.shift()!;
      if (seen.has(key)) continue;
      seen.add(key);
      // A look first, so a download is never opened as a page.
      const probe = await page.request.get(url.href, { maxRedirects: 0 });
      const type = probe.headers()['content-type'] ?? '';
      const redirected = probe.status() >= 300 && probe.status() < 400;
      if (download || (!redirected && (probe.headers()['content-disposition'] || !type.includes('text/html')))) {
        downloads.push({ pattern: key, url: url.href, status: probe.status() });
        if (probe.status() >= (brokenLinksAllowed ? 500 : 400)) problems.push(`${url.href} (a download): status ${probe.status()}`);
        await probe.dispose();
        continue;
      }
      await probe.dispose();
      const consoleBefore = consoleErrorsOf(page).length;
      const response = await page.goto(url.href);
      const landed = new URL(page.url());
      // A redirect to a pattern already seen (/ → /my-work) is that page, checked once.
      const landedPattern = state ? key : patternOf(landed, known);
      if (landedPattern !== key && seen.has(landedPattern) && visited.some((v) => v.pattern === landedPattern)) continue;
      seen.add(landedPattern);
      const status = response?.status() ?? 0;
      visited.push({ pattern: landedPattern, url: landed.href, status });
      for (const problem of await problemsOf(page, status, consoleBefore, stepIdPattern)) problems.push(`${landed.href}: ${problem}`);
      for (const link of await page.evaluate<{ href: string; download: boolean }[]>(LINKS)) enqueue(link.href, link.download);
      for (const href of await page.evaluate<string[]>(GET_FORMS)) enqueue(href);
    }
    return { visited, downloads, problems };
  }

  it.each([
    'an implementation lead of two organisations',
    'a clinical lead',
    'a booking clerk (contributor)',
    'a viewer',
    'a national team member',
    'an admin',
  ])('as %s: every page passes axe, reflows, has one h1 and a title, no console errors, no raw codes', async (key) => {
    const persona = personas.get(key)!;
    const context = await newContext(browser, onramp.baseUrl);
    try {
      const page = await context.newPage();
      await signIn(page, persona);
      const { visited, downloads, problems } = await crawl(page, persona);
      if (process.env.ONRAMP_CRAWL_REPORT) {
        const line = { kind, persona: key, pages: visited.map((v) => `${v.status} ${v.pattern}`), downloads: downloads.map((d) => `${d.status} ${d.pattern}`) };
        appendFileSync(process.env.ONRAMP_CRAWL_REPORT, `${JSON.stringify(line)}\n`);
      }

      expect(problems).toEqual([]);
      const patterns = visited.map((v) => v.pattern);
      expect(patterns).toEqual(expect.arrayContaining(persona.reaches));
      // Every state this persona was to see was seen: the page budget did not run out first.
      expect(patterns).toEqual(expect.arrayContaining(persona.states.map((label) => expect.stringContaining(`(${label})`))));
      // Signed in throughout: the crawl never wandered out to the sign-in page.
      expect(patterns).not.toContain('/sign-in?returnTo');
      expect(visited.length).toBeLessThanOrEqual(MAX_PAGES);
    } finally {
      await context.close();
    }
  });
});
