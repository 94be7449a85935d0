import fc from 'fast-check';
import { runLink, stepLink } from '../../apps/onramp/src/notifications/mail/email-models';
import { expectStatus, inDays, OnrampClient, type StepJson } from '../support/onramp-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKinds } from '../support/test-database';
import { aPerson, PageSession } from '../support/web-session';

/** As Handlebars writes text into HTML. */
const esc = (s: string) =>
  s.replace(/[&<>"'`=]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' })[c]!);

/** The page's main content as the words a person reads (tags stripped, entities decoded, spaces collapsed). */
const words = (html: string) =>
  (/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html)
    .replace(/<(svg|script)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** The words under one h2 of a page, up to the next h2. */
const section = (html: string, id: string) => {
  const start = html.indexOf(`<h2 id="${id}"`);
  if (start < 0) return '';
  const end = html.indexOf('<h2', start + 1);
  return words(html.slice(start, end < 0 ? undefined : end));
};

/** The forms of the page's own content (the header's sign-out form is not one of them). */
const pageForms = (html: string) => [...(/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '').matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1]);

const versionOn = (html: string) => {
  const m = /name="expectedVersion" value="(\d+)"/.exec(html);
  if (!m) throw new Error('the page has no form with an expectedVersion');
  return m[1];
};

describe.each(testDatabaseKinds())('the work pages (my work, overview, checklist, step) on %s', (kind) => {
  let t: TestApp;
  let admin: OnrampClient;
  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = new OnrampClient(t, t.adminToken);
  });
  afterAll(async () => t?.close());

  /** An acute trust with a run going live in `days` days, and API clients for its leads. */
  async function organisation(days = 200) {
    const ods = await admin.registerOrganisation('acute');
    const lead = admin.as(await admin.createToken(ods, 'implementation-lead'));
    const clinical = admin.as(await admin.createToken(ods, 'clinical-lead'));
    const run = await lead.startRun(ods, inDays(days));
    const step = (id: string) => run.steps.find((s) => s.id === id)!;
    const complete = async (...ids: string[]) => {
      for (const id of ids) expectStatus(await lead.step(ods, id, 'complete', OnrampClient.evidenceFor(step(id))), 200);
    };
    return { ods, lead, clinical, run, step, complete, api: async () => lead.run(ods) };
  }

  const stepPath = (ods: string, id: string) => `/organisations/${ods}/steps/${id}`;

  describe('my work', () => {
    it("lists one person's steps across two organisations, grouped overdue, due this week and later, and nobody else's", async () => {
      const a = await organisation(103);
      const b = await organisation(150);
      const email = `morgan.lee.${a.ods.toLowerCase()}@example.nhs.uk`;
      const inA = await aPerson(t, { ods: a.ods, role: 'training-lead', accessRole: 'contributor', name: 'Morgan Lee', email });
      const inB = await aPerson(t, { ods: b.ods, role: 'it-lead', accessRole: 'contributor', name: 'Morgan Lee', email });
      const colleague = await a.lead.addPerson(a.ods, 'training-lead', 'Alex Jones');
      // Overdue in both organisations (assigned to Morgan); due in 3 days in A (owned by the training lead).
      expectStatus(await a.lead.step(a.ods, 'core.appoint-implementation-lead', 'assign', { personId: inA.personId }), 200);
      expectStatus(await b.lead.step(b.ods, 'core.dedicate-it-lead', 'assign', { personId: inB.personId }), 200);
      // A training lead's step assigned to a colleague is theirs, not Morgan's.
      expectStatus(await a.lead.step(a.ods, 'core.train-all-ers-users', 'assign', { personId: colleague }), 200);

      const page = await (await PageSession.signIn(t, inB)).get('/my-work');
      expect(page.status).toBe(200);
      const overdue = section(page.text, 'overdue');
      const thisWeek = section(page.text, 'this-week');
      const later = section(page.text, 'later');
      expect(overdue).toContain(a.step('core.appoint-implementation-lead').title);
      expect(overdue).toContain(b.step('core.dedicate-it-lead').title);
      expect(overdue).toContain(`Test organisation ${a.ods}`);
      expect(overdue).toContain(`Test organisation ${b.ods}`);
      expect(overdue).toMatch(/\d+ days overdue/);
      expect(thisWeek).toContain(a.step('core.plan-role-based-training').title);
      expect(thisWeek).toContain('due in 3 days');
      for (const id of [
        'core.liaise-with-pas-supplier',
        'core.confirm-devices-and-connectivity',
        'core.link-services-to-pas',
        'core.arrange-technical-and-user-support',
      ])
        expect(later).toContain(b.step(id).title);
      const all = words(page.text);
      expect(all).not.toContain(a.step('core.train-all-ers-users').title);
      expect(all).not.toContain(a.step('core.go-live').title);

      // Exactly the steps the API says are Morgan's: assigned to them, or owned by their duty and unassigned.
      const expected = [
        ...(await a.api()).steps
          .filter((s) => s.assignee?.id === inA.personId || (s.assignee === null && s.ownerRole === 'training-lead'))
          .map((s) => stepPath(a.ods, s.id)),
        ...(await b.api()).steps
          .filter((s) => s.assignee?.id === inB.personId || (s.assignee === null && s.ownerRole === 'it-lead'))
          .map((s) => stepPath(b.ods, s.id)),
      ];
      expect(all).toContain(`${expected.length} steps are yours to act on`);
      // Each row links its title and its action (Start, for steps not started) to the step page.
      const links = [...page.text.matchAll(/<a class="nhsuk-link" href="(\/organisations\/[^"]+\/steps\/[^"]+)">\s*([^<]*?)\s*<\/a>/g)];
      expect(new Set(links.map((l) => l[1]))).toEqual(new Set(expected));
      expect(links.filter((l) => l[2] === 'Start')).toHaveLength(expected.length);
    });

    it('lists the organisations a person holds a role in, with type, role and readiness, each linking to its overview', async () => {
      const a = await organisation(103);
      const b = await organisation(200);
      const email = `kim.ode.${a.ods.toLowerCase()}@example.nhs.uk`;
      await aPerson(t, { ods: a.ods, role: 'training-lead', accessRole: 'contributor', name: 'Kim Ode', email });
      const kim = await aPerson(t, { ods: b.ods, role: 'clinical-lead', accessRole: 'clinical-lead', name: 'Kim Ode', email });
      const page = await (await PageSession.signIn(t, kim)).get('/organisations');
      expect(page.status).toBe(200);
      const text = words(page.text);
      expect(text).toContain(`Test organisation ${a.ods} Acute trust Contributor Red`);
      expect(text).toContain(`Test organisation ${b.ods} Acute trust Clinical lead Green`);
      expect(page.text).toContain(`href="/organisations/${a.ods}"`);
      expect(page.text).toContain(`href="/organisations/${b.ods}"`);
      expect(page.text).toMatch(/aria-current="page"><strong[^>]*>My organisations<\/strong>/);
    });

    it('says so in words when there is nothing to do', async () => {
      const page = await (await PageSession.signIn(t, await aPerson(t, { globalRole: 'national-team' }))).get('/my-work');
      expect(page.status).toBe(200);
      expect(words(page.text)).toContain('You have nothing to do at the moment');
      expect(page.text).not.toContain('<table');
    });
  });

  describe('organisation overview', () => {
    it("shows a lead the score, the RAG status with its reasons in words, the gate, the forecast and this week's changes; a viewer sees no forms", async () => {
      const a = await organisation(103);
      const lead = await aPerson(t, { ods: a.ods, role: 'implementation-lead', name: 'Priya Shah' });
      const viewer = await aPerson(t, { ods: a.ods, role: 'booking-clerk', accessRole: 'viewer' });
      const session = await PageSession.signIn(t, lead);
      // Done through the page, so the change is Priya's, by name.
      const appoint = stepPath(a.ods, 'core.appoint-implementation-lead');
      expectStatus(await session.submit(appoint, `${appoint}/start`, {}), 303);

      const readiness = (await a.lead.get(`/api/v1/organisations/${a.ods}/readiness`)).body as {
        score: number;
        rag: { status: string };
        gate: { missing: { title: string; overdue: boolean }[] };
        counts: { overdue: number };
      };
      expect(readiness.rag.status).toBe('red');
      const page = await session.get(`/organisations/${a.ods}`);
      expect(page.status).toBe(200);
      const tiles = section(page.text, 'readiness');
      expect(tiles).toContain(`${readiness.score}%`);
      expect(tiles).toContain('Red');
      const overdueGate = readiness.gate.missing.filter((m) => m.overdue);
      expect(tiles).toContain(`Red: ${overdueGate.length} go-live gate steps are overdue: ${overdueGate.map((m) => `‘${m.title}’`).join(', ')}`);
      const overdueOther = readiness.counts.overdue - overdueGate.length;
      expect(tiles).toContain(`Amber: ${overdueOther} steps are overdue`);
      expect(tiles).toContain('Not ready');
      expect(tiles).toContain('Too early to forecast');
      expect(tiles).not.toMatch(/core\.|step\(s\)|red:|amber:/);
      expect(section(page.text, 'blockers')).toContain(a.step('core.appoint-implementation-lead').title);
      const changes = section(page.text, 'changes');
      expect(changes).toContain(`Priya Shah started ‘${a.step('core.appoint-implementation-lead').title}’ on`);
      expect(changes).toMatch(/started onboarding \(\d+ steps, go-live \d{1,2} \w+ \d{4}\) on/);
      const progress = section(page.text, 'progress');
      expect(progress).toContain(`0 of ${a.run.steps.length} steps done or waived`);
      expect(page.text).toMatch(/<svg class="onramp-chart"[^>]*role="img"/);
      expect(page.text).toMatch(/<caption class="nhsuk-table__caption">\s*Steps done or waived, by date/);
      for (const link of ['checklist', 'reports/readiness', 'people', 'audit']) expect(page.text).toContain(`href="/organisations/${a.ods}/${link}"`);
      expect(pageForms(page.text)).toEqual([]);

      const seen = await (await PageSession.signIn(t, viewer)).get(`/organisations/${a.ods}`);
      expect(seen.status).toBe(200);
      expect(section(seen.text, 'readiness')).toContain(`${readiness.score}%`);
      expect(pageForms(seen.text)).toEqual([]);
    });

    it('before onboarding: a lead starts it with a go-live date (errors in words, then check your answers); viewers and the national team get no form, and a forged start is refused', async () => {
      const ods = await admin.registerOrganisation('acute');
      const lead = await aPerson(t, { ods, role: 'implementation-lead' });
      const viewer = await aPerson(t, { ods, role: 'booking-clerk', accessRole: 'viewer' });
      const national = await aPerson(t, { globalRole: 'national-team' });
      const overview = `/organisations/${ods}`;
      const action = `${overview}/start-onboarding`;
      const noRun = async () => expect((await admin.get(`/api/v1/organisations/${ods}/onboarding`)).body.code).toBe('ONBOARDING.RUN_NOT_FOUND');

      for (const person of [viewer, national]) {
        const s = await PageSession.signIn(t, person);
        const page = await s.get(overview);
        expect(page.status).toBe(200);
        expect(words(page.text)).toContain('Onboarding has not started');
        expect(pageForms(page.text)).toEqual([]);
        const forged = await s.submit(overview, action, { goLiveDate: inDays(100), confirm: 'yes' });
        expect(forged.status).toBe(403);
        expect(words(forged.text)).toContain('You cannot do this');
      }
      await noRun();

      const s = await PageSession.signIn(t, lead);
      const page = await s.get(overview);
      expect(pageForms(page.text)).toEqual([action]);
      const empty = await s.submit(overview, action, { 'goLive-day': '', 'goLive-month': '', 'goLive-year': '' });
      expect(empty.status).toBe(400);
      expect(empty.text).toMatch(/<a href="#goLive-day">\s*Enter the go-live date\s*<\/a>/);
      expect(empty.text).toContain('id="goLive-error"');
      const [y, m, d] = inDays(-3).split('-');
      const past = await s.submit(overview, action, { 'goLive-day': d, 'goLive-month': m, 'goLive-year': y });
      expect(past.status).toBe(400);
      expect(words(past.text)).toContain('The go-live date must be in the future');
      expect(past.text).toContain(`value="${d}"`);
      const partial = await s.submit(overview, action, { 'goLive-day': '31', 'goLive-month': '', 'goLive-year': '' });
      expect(words(partial.text)).toContain('The go-live date must include a month and year');
      await noRun();

      const goLive = inDays(120);
      const [gy, gm, gd] = goLive.split('-');
      const check = await s.submit(overview, action, { 'goLive-day': String(Number(gd)), 'goLive-month': gm, 'goLive-year': gy });
      expect(check.status).toBe(200);
      expect(words(check.text)).toContain('Check the go-live date before you start onboarding');
      expect(words(check.text)).toContain(
        new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${goLive}T00:00:00Z`)),
      );
      await noRun();
      const started = await s.post(action, { _csrf: /name="_csrf" value="([^"]+)"/.exec(check.text)![1], goLiveDate: goLive, confirm: 'yes' });
      expect(started.status).toBe(303);
      expect(started.headers.location).toBe(`${overview}?started=1`);
      expect((await admin.get(`/api/v1/organisations/${ods}/onboarding`)).body.goLiveDate).toBe(goLive);
      const after = await s.get(`${overview}?started=1`);
      expect(words(after.text)).toContain('Onboarding has started.');
      expect(words(after.text)).toContain('Readiness score');

      // The national team reads the overview of any organisation, without forms.
      const read = await (await PageSession.signIn(t, national)).get(overview);
      expect(read.status).toBe(200);
      expect(words(read.text)).toContain('Readiness score');
      expect(pageForms(read.text)).toEqual([]);
    });
  });

  describe('checklist', () => {
    const count = (html: string) => {
      const m = /Showing (\d+) of (\d+) steps/.exec(words(html));
      if (!m) throw new Error('the page has no count');
      return { shown: Number(m[1]), total: Number(m[2]) };
    };

    it('narrows the steps by area, status, assignee, owner role and due window, counting them as the API does', async () => {
      const a = await organisation(103);
      const viewer = await aPerson(t, { ods: a.ods, role: 'booking-clerk', accessRole: 'viewer' });
      const person = await a.lead.addPerson(a.ods, 'it-lead', 'Jo Bloggs');
      for (const id of ['core.appoint-implementation-lead', 'core.liaise-with-pas-supplier']) expectStatus(await a.lead.step(a.ods, id, 'start'), 200);
      for (const id of ['core.liaise-with-pas-supplier', 'core.confirm-devices-and-connectivity', 'core.dedicate-it-lead'])
        expectStatus(await a.lead.step(a.ods, id, 'assign', { personId: person }), 200);
      const steps = (await a.api()).steps as (StepJson & { overdue: boolean })[];
      const s = await PageSession.signIn(t, viewer);
      const base = `/organisations/${a.ods}/checklist`;

      const all = await s.get(base);
      expect(all.status).toBe(200);
      expect(count(all.text)).toEqual({ shown: steps.length, total: steps.length });
      expect(words(all.text)).toContain('Jo Bloggs');

      const today = inDays(0);
      const cases: [string, (st: StepJson & { overdue: boolean }) => boolean][] = [
        ['area=training', (st) => st.area === 'training'],
        ['status=in-progress', (st) => st.status === 'in-progress'],
        [`assignee=${person}`, (st) => st.assignee?.id === person],
        ['assignee=none', (st) => st.assignee === null],
        ['owner=it-lead', (st) => st.ownerRole === 'it-lead'],
        ['due=overdue', (st) => st.overdue],
        ['due=this-week', (st) => st.dueDate >= today && st.dueDate <= inDays(6)],
        ['due=later', (st) => st.dueDate > inDays(29)],
        [
          `owner=it-lead&assignee=${person}&status=not-started`,
          (st) => st.ownerRole === 'it-lead' && st.assignee?.id === person && st.status === 'not-started',
        ],
      ];
      for (const [query, keep] of cases) {
        const expected = steps.filter(keep);
        const page = await s.get(`${base}?${query}`);
        expect({ query, ...count(page.text) }).toEqual({ query, shown: expected.length, total: steps.length });
        for (const st of expected) expect(page.text).toContain(`href="/organisations/${a.ods}/steps/${st.id}"`);
        for (const st of steps.filter((x) => !keep(x))) expect(page.text).not.toContain(`href="/organisations/${a.ods}/steps/${st.id}"`);
      }
      expect(steps.filter((st) => st.overdue).length).toBeGreaterThan(0);
      expect(steps.filter((st) => st.ownerRole === 'it-lead' && st.assignee?.id === person && st.status === 'not-started')).toHaveLength(1);
      // The chosen filters stay chosen; a value the form could not send is no filter at all.
      const chosen = await s.get(`${base}?owner=it-lead&due=overdue`);
      expect(chosen.text).toMatch(/<option value="it-lead" selected>/);
      expect(chosen.text).toMatch(/<option value="overdue" selected>/);
      expect(count((await s.get(`${base}?status=%3Cscript%3E&area=nowhere`)).text)).toEqual({ shown: steps.length, total: steps.length });
      expect(pageForms(all.text)).toEqual([]); // the filter form is a GET form
      expect(all.text).toContain(`<form method="get" action="${base}"`);
    });
  });

  describe('step page', () => {
    type StepState = StepJson & {
      evidence: { key: string; reference: string }[];
      completedBy: { id: string } | null;
      signedOffBy: { id: string; label: string } | null;
      waiverReason: string | null;
    };
    const stepNow = async (a: Awaited<ReturnType<typeof organisation>>, id: string) => {
      const run = await a.api();
      return { version: run.version, step: run.steps.find((s) => s.id === id) as StepState };
    };

    it('a contributor starts and completes an assigned step through the forms; the clinical lead signs it off; whoever completed a step cannot sign it off', async () => {
      const a = await organisation();
      await a.complete('core.appoint-implementation-lead', 'core.nominate-clinical-lead', 'core.identify-stakeholders');
      const lead = await aPerson(t, { ods: a.ods, role: 'implementation-lead', name: 'Priya Shah' });
      const contributor = await aPerson(t, { ods: a.ods, role: 'service-manager', accessRole: 'contributor', name: 'Chris Taylor' });
      const clinician = await aPerson(t, { ods: a.ods, role: 'clinical-lead', accessRole: 'clinical-lead', name: 'Dr Sam Patel' });
      const cso = 'core.appoint-clinical-safety-officer';
      const page = stepPath(a.ods, cso);

      // The lead assigns it to Chris through the assign form.
      const leadSession = await PageSession.signIn(t, lead);
      const shown = await leadSession.get(page);
      expect(pageForms(shown.text)).toEqual(expect.arrayContaining([`${page}/assign`]));
      const assigned = await leadSession.post(`${page}/assign`, {
        _csrf: /name="_csrf" value="([^"]+)"/.exec(shown.text)![1],
        personId: contributor.personId!,
        expectedVersion: versionOn(shown.text),
      });
      expect(assigned.status).toBe(303);
      expect((await stepNow(a, cso)).step.assignee?.id).toBe(contributor.personId);

      const chris = await PageSession.signIn(t, contributor);
      const before = await chris.get(page);
      expect(words(before.text)).toContain('Assigned to Chris Taylor');
      expect(pageForms(before.text)).toEqual([`${page}/start`, `${page}/complete`]);
      const started = await chris.submit(page, `${page}/start`, { expectedVersion: versionOn(before.text) });
      expect(started.status).toBe(303);
      expect(started.headers.location).toBe(`${page}?done=start`);
      const inProgress = await chris.get(started.headers.location as string);
      expect(words(inProgress.text)).toContain('You have started this step.');
      expect(words(section(inProgress.text, 'state'))).toContain('In progress');
      const reference = 'https://intranet.example.nhs.uk/board/2026-12-cso.pdf';
      const completed = await chris.submit(page, `${page}/complete`, {
        expectedVersion: versionOn(inProgress.text),
        'evidence-cso-appointment': reference,
        completeNote: 'Appointed at the December board',
      });
      expect(completed.status).toBe(303);
      const afterComplete = await stepNow(a, cso);
      expect(afterComplete.step.status).toBe('awaiting-sign-off');
      expect(afterComplete.step.evidence).toEqual([{ key: 'cso-appointment', reference }]);
      expect(afterComplete.step.completedBy?.id).toBe(contributor.userId);
      const awaiting = await chris.get(`${page}?done=complete`);
      expect(words(awaiting.text)).toContain('It now waits to be signed off by the clinical lead.');
      expect(awaiting.text).toContain(`href="${reference}"`);
      expect(pageForms(awaiting.text)).toEqual([]);
      // A contributor may not sign off at all: the route refuses before the domain is asked.
      const forgedByContributor = await chris.submit(page, `${page}/sign-off`, { expectedVersion: String(afterComplete.version) });
      expect(forgedByContributor.status).toBe(403);
      expect((await stepNow(a, cso)).version).toBe(afterComplete.version);

      // Dr Patel completes a step that the clinical lead signs off, so four eyes applies to them.
      const sam = await PageSession.signIn(t, clinician);
      const record = 'core.record-clinician-service-input';
      const recordPage = stepPath(a.ods, record);
      const recordShown = await sam.get(recordPage);
      expect(
        (
          await sam.submit(recordPage, `${recordPage}/complete`, {
            expectedVersion: versionOn(recordShown.text),
            'evidence-service-scope-record': 'Service scope record v2, clinical governance folder',
          })
        ).status,
      ).toBe(303);
      const own = await sam.get(recordPage);
      expect(words(section(own.text, 'actions'))).toContain('You completed this step yourself, so someone else must sign it off (four eyes).');
      expect(pageForms(own.text)).not.toContain(`${recordPage}/sign-off`);
      const beforeForged = await stepNow(a, record);
      const forged = await sam.submit(recordPage, `${recordPage}/sign-off`, { expectedVersion: String(beforeForged.version) });
      expect(forged.status).toBe(409);
      expect(words(forged.text)).toContain('There is a problem');
      expect(words(forged.text)).toContain(`You completed step ‘${a.step(record).title}’ yourself, so someone else must sign it off (four eyes)`);
      expect(forged.text).not.toContain(record + '"');
      expect(await stepNow(a, record)).toEqual(beforeForged);

      // Dr Patel signs off Chris's step.
      const toSign = await sam.get(page);
      expect(pageForms(toSign.text)).toEqual(expect.arrayContaining([`${page}/sign-off`]));
      const signed = await sam.submit(page, `${page}/sign-off`, { expectedVersion: versionOn(toSign.text), signOffNote: 'Checked the board minute' });
      expect(signed.status).toBe(303);
      const done = await stepNow(a, cso);
      expect(done.step.status).toBe('done');
      expect(done.step.signedOffBy).toMatchObject({ id: clinician.userId, label: 'Dr Sam Patel' });
      const history = section((await sam.get(page)).text, 'history');
      expect(history).toContain(`Priya Shah assigned ‘${a.step(cso).title}’ to Chris Taylor on`);
      expect(history).toContain(`Chris Taylor started ‘${a.step(cso).title}’`);
      expect(history).toContain(`Chris Taylor completed ‘${a.step(cso).title}’ (awaiting sign-off) on`);
      expect(history).toContain(`Dr Sam Patel signed off ‘${a.step(cso).title}’ on`);
      expect(history).toContain('“Checked the board minute”');
      expect(history).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    });

    it("a refused command shows the page again with the domain's reason in words (409), not an error page, and writes nothing", async () => {
      const a = await organisation();
      const lead = await aPerson(t, { ods: a.ods, role: 'implementation-lead' });
      const s = await PageSession.signIn(t, lead);
      const page = stepPath(a.ods, 'core.go-live');
      const shown = await s.get(page);
      // It waits on the go/no-go decision, so the page offers no completion, and says why.
      expect(pageForms(shown.text)).not.toContain(`${page}/complete`);
      expect(section(shown.text, 'actions')).toContain(`You can complete this step once these are done or waived: ${a.step('core.go-no-go-decision').title}`);
      const before = await stepNow(a, 'core.go-live');
      const forged = await s.submit(page, `${page}/complete`, { expectedVersion: versionOn(shown.text), 'evidence-go-live-confirmation': 'Live since Monday' });
      expect(forged.status).toBe(409);
      expect(forged.text).toMatch(
        /<a href="#actions">\s*Step ‘Go live on e-RS’ cannot be completed before ‘Hold the go\/no-go decision for e-RS go-live’ is done or waived\s*<\/a>/,
      );
      expect(words(forged.text)).toContain('What to do and why');
      expect(await stepNow(a, 'core.go-live')).toEqual(before);
    });

    it('waiving needs a reason (400 on the field), then a check-your-answers page, and only its confirmation waives the step', async () => {
      const a = await organisation();
      const lead = await aPerson(t, { ods: a.ods, role: 'implementation-lead' });
      const s = await PageSession.signIn(t, lead);
      // A step with no sign-off role and no gate: the implementation lead may waive it.
      const id = 'core.establish-ers-working-group';
      const page = stepPath(a.ods, id);
      const before = await stepNow(a, id);
      const shown = await s.get(page);
      expect(pageForms(shown.text)).toContain(`${page}/waive`);
      const empty = await s.submit(page, `${page}/waive`, { expectedVersion: versionOn(shown.text), waiveReason: '' });
      expect(empty.status).toBe(400);
      expect(empty.text).toMatch(/<a href="#waiveReason">\s*Enter the reason the step does not apply\s*<\/a>/);
      expect(empty.text).toContain('id="waiveReason-error"');
      const short = await s.submit(page, `${page}/waive`, { expectedVersion: versionOn(shown.text), waiveReason: 'n/a' });
      expect(short.status).toBe(400);
      expect(words(short.text)).toContain('Enter the reason the step does not apply of at least 10 characters');
      expect(short.text).toMatch(/<textarea[^>]*id="waiveReason"[^>]*>n\/a<\/textarea>/);
      expect(await stepNow(a, id)).toEqual(before);

      const reason = 'The existing digital board already steers e-RS';
      const check = await s.submit(page, `${page}/waive`, { expectedVersion: versionOn(shown.text), waiveReason: reason });
      expect(check.status).toBe(200);
      expect(words(check.text)).toContain('Check before you waive this step');
      expect(words(check.text)).toContain(reason);
      expect(await stepNow(a, id)).toEqual(before);
      const changeAgain = await s.submit(page, `${page}/waive`, { expectedVersion: versionOn(check.text), waiveReason: reason, edit: 'yes' });
      expect(changeAgain.status).toBe(200);
      expect(changeAgain.text).toContain(`>${esc(reason)}</textarea>`);
      const waived = await s.submit(page, `${page}/waive`, { expectedVersion: versionOn(check.text), waiveReason: reason, confirm: 'yes' });
      expect(waived.status).toBe(303);
      const after = await stepNow(a, id);
      expect(after.step.status).toBe('waived');
      expect(after.step.waiverReason).toBe(reason);
      // A gate step needs the clinical lead: the implementation lead gets no waive form for it.
      expect(pageForms((await s.get(stepPath(a.ods, 'core.confirm-contract-in-place'))).text)).not.toContain(
        `${stepPath(a.ods, 'core.confirm-contract-in-place')}/waive`,
      );
    });

    it('a form drawn before someone else changed the run gets "This changed while you were looking" (409), the current state and the typed input, and writes nothing', async () => {
      const a = await organisation();
      const contributor = await aPerson(t, { ods: a.ods, role: 'implementation-lead', accessRole: 'contributor' });
      const s = await PageSession.signIn(t, contributor);
      const id = 'core.appoint-implementation-lead';
      const page = stepPath(a.ods, id);
      const shown = await s.get(page);
      const stale = versionOn(shown.text);
      // Meanwhile the lead starts the step through the API.
      expectStatus(await a.lead.step(a.ods, id, 'start'), 200);
      const now = await stepNow(a, id);
      expect(String(now.version)).not.toBe(stale);

      const reference = 'Board minute 2026/12, item 4';
      const refused = await s.post(`${page}/complete`, {
        _csrf: /name="_csrf" value="([^"]+)"/.exec(shown.text)![1],
        expectedVersion: stale,
        'evidence-appointment-record': reference,
        completeNote: 'My note',
      });
      expect(refused.status).toBe(409);
      expect(words(refused.text)).toContain('This changed while you were looking');
      expect(words(section(refused.text, 'state'))).toContain('Status In progress');
      expect(refused.text).toContain(`value="${esc(reference)}"`);
      expect(refused.text).toContain('>My note</textarea>');
      expect(versionOn(refused.text)).toBe(String(now.version));
      expect(await stepNow(a, id)).toEqual(now);

      // A stale form that is also filled in wrongly says both: the change, and what to correct.
      const both = await s.post(`${page}/complete`, {
        _csrf: /name="_csrf" value="([^"]+)"/.exec(shown.text)![1],
        expectedVersion: stale,
        'evidence-appointment-record': '',
      });
      expect(both.status).toBe(409);
      expect(words(both.text)).toContain('This changed while you were looking');
      expect(both.text).toContain('id="evidence-appointment-record-error"');
      expect(await stepNow(a, id)).toEqual(now);

      // Sent again from the page as it now is, the completion goes through.
      const again = await s.post(`${page}/complete`, {
        _csrf: /name="_csrf" value="([^"]+)"/.exec(shown.text)![1],
        expectedVersion: versionOn(refused.text),
        'evidence-appointment-record': reference,
      });
      expect(again.status).toBe(303);
      expect((await stepNow(a, id)).step.status).toBe('done');
    });

    it("another organisation's overview, checklist, step page and step actions are 404 Page not found, and so is an unknown step", async () => {
      const mine = await organisation();
      const theirs = await organisation();
      const lead = await aPerson(t, { ods: mine.ods, role: 'implementation-lead' });
      const s = await PageSession.signIn(t, lead);
      const before = await stepNow(theirs, 'core.appoint-implementation-lead');
      const own = await s.get(stepPath(mine.ods, 'core.appoint-implementation-lead'));
      for (const path of [`/organisations/${theirs.ods}`, `/organisations/${theirs.ods}/checklist`, stepPath(theirs.ods, 'core.appoint-implementation-lead')]) {
        const res = await s.get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
        expect(words(res.text)).toContain('Page not found');
      }
      const csrf = /name="_csrf" value="([^"]+)"/.exec(own.text)![1];
      for (const action of ['start', 'complete', 'waive', 'assign', 'reopen']) {
        const res = await s.post(`${stepPath(theirs.ods, 'core.appoint-implementation-lead')}/${action}`, {
          _csrf: csrf,
          waiveReason: 'Not needed at all here',
          reopenReason: 'Reopen it please now',
        });
        expect({ action, status: res.status }).toEqual({ action, status: 404 });
        expect(words(res.text)).toContain('Page not found');
      }
      expect(await stepNow(theirs, 'core.appoint-implementation-lead')).toEqual(before);
      for (const path of [stepPath(mine.ods, 'core.no-such-step'), `${stepPath(mine.ods, 'core.no-such-step')}`]) {
        const res = await s.get(path);
        expect(res.status).toBe(404);
        expect(words(res.text)).toContain('Page not found');
      }
      const postUnknown = await s.post(`${stepPath(mine.ods, 'core.no-such-step')}/start`, { _csrf: csrf });
      expect(postUnknown.status).toBe(404);
    });

    it('the links in emails open these pages', async () => {
      const a = await organisation();
      const lead = await aPerson(t, { ods: a.ods, role: 'implementation-lead' });
      const s = await PageSession.signIn(t, lead);
      for (const link of [runLink(t.config.publicUrl, a.ods), stepLink(t.config.publicUrl, a.ods, 'acute.appoint-paper-switch-off-sro')]) {
        const res = await s.get(link.slice(t.config.publicUrl.length));
        expect({ link, status: res.status }).toEqual({ link, status: 200 });
      }
    });

    it('a step id of any characters never breaks the page (no 5xx) and is never written back unescaped', async () => {
      const a = await organisation();
      const lead = await aPerson(t, { ods: a.ods, role: 'implementation-lead' });
      const s = await PageSession.signIn(t, lead);
      const csrf = /name="_csrf" value="([^"]+)"/.exec((await s.get(`/organisations/${a.ods}`)).text)![1];
      const hostile = fc.oneof(
        fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
        fc.constantFrom(
          '<script>alert(1)</script>',
          '"><img src=x onerror=alert(1)>',
          '../../etc/passwd',
          'core.appoint-implementation-lead/../x',
          '%00',
          '{{body}}',
          "'; drop table onboarding_steps; --",
        ),
      );
      // The same pages for an id with nothing to escape: a short hostile id such as `"` is found in
      // any page's markup, so what counts is whether it appears more often than there.
      const occurrences = (text: string, part: string) => text.split(part).length - 1;
      const unknown = stepPath(a.ods, 'core.no-such-step');
      const baseline = { get: (await s.get(unknown)).text, post: (await s.post(`${unknown}/start`, { _csrf: csrf })).text };
      await fc.assert(
        fc.asyncProperty(hostile, fc.boolean(), async (stepId, post) => {
          const path = stepPath(a.ods, encodeURIComponent(stepId));
          const res = post ? await s.post(`${path}/start`, { _csrf: csrf }) : await s.get(path);
          expect(res.status).toBeLessThan(500);
          if (/[<>"']/.test(stepId)) expect(occurrences(res.text, stepId)).toBe(occurrences(post ? baseline.post : baseline.get, stepId));
        }),
        { numRuns: 60 },
      );
      expect((await stepNow(a, 'core.appoint-implementation-lead')).step.status).toBe('not-started');
    });
  });
});
