import { expectProblem, expectStatus, inDays, newOdsCode, observableState, OnrampClient, type StepJson } from '../support/onramp-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKinds } from '../support/test-database';
import { aPerson, PageSession, type TestPerson } from '../support/web-session';

/** What a person reads on a page: the main content's text, tags and entities gone, spaces collapsed. */
function visible(html: string): string {
  const main = /<main[\s\S]*?<\/main>/.exec(html)?.[0] ?? html;
  return main
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** An attribute's value as the browser reads it (Handlebars escapes `=` and `&`). */
const href = (attribute: string | undefined) => attribute?.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const SET_PASSWORD_LINK = /https?:\/\/[^\s"<>]+(\/account\/set-password\?token=[\w-]{43})/;

interface MailJson {
  id: number;
  recipient: string;
  purpose: string;
  status: string;
  subject: string;
}

describe.each(testDatabaseKinds())('people, settings, audit and admin pages on %s', (kind) => {
  let t: TestApp;
  let admin: OnrampClient;
  let ods: string;
  let otherOds: string;
  let lead: TestPerson;
  let leadPage: PageSession;
  let contributor: TestPerson;
  let contributorPage: PageSession;

  beforeAll(async () => {
    // No mail worker: welcomes stay queued with their bodies (a sent one keeps no copy of its link), read from the outbox.
    t = await startTestApp(kind, { backgroundJobs: false });
    admin = new OnrampClient(t, t.adminToken);
    ods = await admin.registerOrganisation('acute');
    otherOds = await admin.registerOrganisation('mental-health');
    lead = await aPerson(t, { ods, role: 'implementation-lead', name: 'Priya Shah' });
    contributor = await aPerson(t, { ods, role: 'booking-clerk', name: 'Ben Clark' });
    leadPage = await PageSession.signIn(t, lead);
    contributorPage = await PageSession.signIn(t, contributor);
  });
  afterAll(async () => t?.close());

  const people = async (organisation = ods, include = '') => {
    const res = await admin.get(`/api/v1/organisations/${organisation}/people${include ? `?include=${include}` : ''}`);
    expectStatus(res, 200);
    return res.body.items as { id: string; name: string; email: string; role: string; accessRole: string; removedAt: string | null }[];
  };
  const trail = async (organisation = ods) => {
    const res = await admin.get(`/api/v1/organisations/${organisation}/audit?limit=500`);
    expectStatus(res, 200);
    return res.body.items as { seq: number; type: string; actor: { id: string; label: string | null }; payload: Record<string, unknown> }[];
  };
  const welcomesTo = async (email: string) => {
    const res = await admin.get(`/api/v1/mail?limit=500`);
    expectStatus(res, 200);
    return (res.body.items as MailJson[]).filter((m) => m.recipient === email && m.purpose === 'role-welcome');
  };
  const setPasswordLinkIn = async (mail: MailJson) => {
    const [row] = (await t.db.sql(`select text from outbox_messages where id = ${Number(mail.id)}`)) as { text: string }[];
    const link = SET_PASSWORD_LINK.exec(row.text);
    if (!link) throw new Error(`no set-password link in the welcome: ${row.text.slice(0, 400)}`);
    return link[1];
  };
  const verified = async (organisation = ods) => {
    const res = await admin.get(`/api/v1/organisations/${organisation}/audit/verify`);
    expectStatus(res, 200);
    return res.body as { valid: boolean; unexplained: string[]; reason: string | null };
  };
  /** Adds a person through the form, its check-your-answers page and the confirmation; returns the confirmation's answer. */
  const addThroughPages = async (session: PageSession, fields: Record<string, string>) => {
    const check = await session.submit(`/organisations/${ods}/people/add`, `/organisations/${ods}/people/add`, fields);
    expect({ status: check.status, text: visible(check.text).slice(0, 300) }).toEqual({
      status: 200,
      text: expect.stringContaining('Check the person’s details'),
    });
    return session.submit(`/organisations/${ods}/people`, `/organisations/${ods}/people/add/confirm`, { ...fields, action: 'confirm' });
  };

  describe('when a lead adds a person', () => {
    it('shows their details to check, then adds them, invites them and lists them as invited', async () => {
      const form = await leadPage.get(`/organisations/${ods}/people/add`);
      expect(form.status).toBe(200);
      expect(visible(form.text)).toContain('Add a person');
      const fields = { name: 'Nia Jones', email: 'Nia.Jones@Example.NHS.UK', role: 'booking-clerk', accessRole: '' };
      const check = await leadPage.submit(`/organisations/${ods}/people/add`, `/organisations/${ods}/people/add`, fields);
      expect(check.status).toBe(200);
      expect(visible(check.text)).toEqual(
        expect.stringMatching(
          /Check the person’s details Name Nia Jones Email address nia\.jones@example\.nhs\.uk Role Booking clerk What they may do in Onramp Contributor \(from their role\)/,
        ),
      );
      // Checking writes nothing.
      expect((await people()).map((p) => p.name)).not.toContain('Nia Jones');

      const done = await leadPage.submit(`/organisations/${ods}/people`, `/organisations/${ods}/people/add/confirm`, { ...fields, action: 'confirm' });
      expect(done.status).toBe(303);
      const added = (await people()).find((p) => p.email === 'nia.jones@example.nhs.uk');
      expect(added).toMatchObject({ name: 'Nia Jones', role: 'booking-clerk', accessRole: 'contributor', removedAt: null });
      expect(done.headers.location).toBe(`/organisations/${ods}/people/${added!.id}?done=added`);
      const page = await leadPage.get(done.headers.location);
      expect(visible(page.text)).toContain('Nia Jones has been added. Onramp has emailed nia.jones@example.nhs.uk a link to set their password.');
      expect(visible(page.text)).toContain('Invited');

      const list = visible((await leadPage.get(`/organisations/${ods}/people`)).text);
      expect(list).toMatch(/Nia Jones nia\.jones@example\.nhs\.uk Booking clerk Contributor Invited/);
      expect(list).toMatch(/Priya Shah \S+ Implementation lead Implementation lead Active/);

      const [welcome] = await welcomesTo('nia.jones@example.nhs.uk');
      expect(welcome).toMatchObject({ purpose: 'role-welcome', status: expect.stringMatching(/^(pending|sent)$/) });
      const link = await setPasswordLinkIn(welcome);
      const visitor = await new PageSession(t).get(link);
      expect(visible(visitor.text)).toEqual(expect.stringContaining('Set your password'));
      expect(visible(visitor.text)).toContain('nia.jones@example.nhs.uk');
    });

    it.each([
      ['a missing name', { name: '', email: 'someone@example.nhs.uk', role: 'it-lead' }, 'Enter the person’s full name'],
      [
        'an email that is not one',
        { name: 'Sam Patel', email: 'sam.patel@', role: 'it-lead' },
        'Enter an email address in the correct format, like name@nhs.net',
      ],
      ['no role', { name: 'Sam Patel', email: 'sam.patel@example.nhs.uk' }, 'Select the role they hold'],
      [
        'a role they already hold',
        { name: 'Priya Again', email: 'priya.shah@example.nhs.uk', role: 'implementation-lead' },
        'already holds the role Implementation lead',
      ],
    ])('refuses %s with the form again, saying what to fix, and writes nothing', async (_what, fields, message) => {
      const before = await observableState(t, [ods]);
      for (const action of ['add', 'add/confirm']) {
        const res = await leadPage.submit(`/organisations/${ods}/people/add`, `/organisations/${ods}/people/${action}`, {
          accessRole: '',
          ...fields,
          action: 'confirm',
        });
        expect(res.status).toBe(400);
        const text = visible(res.text);
        expect(text).toContain('There is a problem');
        expect(text).toContain(message);
        expect(res.text).toContain(`value="${fields.email}"`);
      }
      expect(await observableState(t, [ods])).toEqual(before);
    });

    it('brings a removed person back in the same row, from their page', async () => {
      const back = await aPerson(t, { ods, role: 'it-lead', name: 'Ira Lund' });
      const removed = await leadPage.submit(`/organisations/${ods}/people/${back.personId}/remove`, `/organisations/${ods}/people/${back.personId}/remove`, {});
      expect(removed.status).toBe(303);
      const form = await leadPage.get(`/organisations/${ods}/people/add?from=${back.personId}`);
      expect(form.text).toContain(`value="${back.email}"`);
      const welcomes = (await welcomesTo(back.email)).length;
      const again = await addThroughPages(leadPage, { name: 'Ira Lund', email: back.email, role: 'it-lead', accessRole: 'viewer' });
      expect(again.headers.location).toBe(`/organisations/${ods}/people/${back.personId}?done=added`);
      expect((await people()).find((p) => p.id === back.personId)).toMatchObject({ removedAt: null, accessRole: 'viewer' });
      // Welcomed again: they have a password already, so the welcome asks them to sign in.
      expect(await welcomesTo(back.email)).toHaveLength(welcomes + 1);
      expect(visible((await leadPage.get(again.headers.location)).text)).toContain(
        'Ira Lund has been added. Onramp has emailed them a welcome with a link to sign in.',
      );
    });
  });

  describe('when a lead changes a person', () => {
    it('renames them and changes what they may do, which their next sign-in acts with', async () => {
      const person = await aPerson(t, { ods, role: 'service-manager', name: 'Olu Adebayo' });
      const before = await PageSession.signIn(t, person);
      expect((await before.get(`/organisations/${ods}/people/add`)).status).toBe(403);

      const form = await leadPage.get(`/organisations/${ods}/people/${person.personId}/edit`);
      expect(visible(form.text)).toContain('a different email address is a different person');
      const saved = await leadPage.submit(`/organisations/${ods}/people/${person.personId}/edit`, `/organisations/${ods}/people/${person.personId}/edit`, {
        name: 'Olu Adebayo-Smith',
        accessRole: 'implementation-lead',
      });
      expect(saved.status).toBe(303);
      expect(visible((await leadPage.get(saved.headers.location)).text)).toMatch(/The changes have been saved.*Name Olu Adebayo-Smith.*Implementation lead/);

      const after = await PageSession.signIn(t, person);
      const add = await after.get(`/organisations/${ods}/people/add`);
      expect(add.status).toBe(200);
      expect(add.text).toContain('Olu Adebayo-Smith'); // the account's name, in the header
      const changed = (await trail()).filter((e) => e.type === 'PersonChanged').at(-1);
      expect(changed).toMatchObject({
        actor: { id: lead.userId, label: 'Priya Shah' },
        payload: { changes: { name: 'Olu Adebayo-Smith', accessRole: 'implementation-lead' } },
      });
      expect(await verified()).toMatchObject({ valid: true, unexplained: [] });
    });

    it('changes them through the API too, in the same words, and refuses an email', async () => {
      const person = await aPerson(t, { ods, role: 'training-lead', name: 'Tom Reed' });
      const lead2 = admin.as(await admin.createToken(ods, 'implementation-lead'));
      const res = await lead2.send('patch', `/api/v1/organisations/${ods}/people/${person.personId}`, { accessRole: 'viewer' });
      expectStatus(res, 200);
      expect(res.body).toMatchObject({ id: person.personId, name: 'Tom Reed', accessRole: 'viewer', removedAt: null });
      const email = await lead2.send('patch', `/api/v1/organisations/${ods}/people/${person.personId}`, { email: 'other@example.nhs.uk' });
      expectProblem(email, { status: 400, code: 'REQUEST.VALIDATION_FAILED' });
      // Only this organisation's people, and only while they hold their role.
      const theirs = await admin.addPerson(otherOds, 'it-lead');
      expectProblem(await lead2.send('patch', `/api/v1/organisations/${ods}/people/${theirs}`, { name: 'Not Yours' }), {
        status: 404,
        code: 'PERSON.NOT_FOUND',
      });
      expectStatus(await lead2.send('delete', `/api/v1/organisations/${ods}/people/${person.personId}`), 200);
      const again = await lead2.send('delete', `/api/v1/organisations/${ods}/people/${person.personId}`);
      expectStatus(again, 200);
      expect(again.body.removedAt).toEqual(expect.any(String));
      expectProblem(await lead2.send('patch', `/api/v1/organisations/${ods}/people/${person.personId}`, { name: 'Tom Reed' }), {
        status: 409,
        code: 'PERSON.REMOVED',
      });
      expectProblem(await lead2.post(`/api/v1/organisations/${ods}/people/${person.personId}/invitations`), { status: 409, code: 'PERSON.REMOVED' });
      expectProblem(await lead2.get(`/api/v1/organisations/${ods}/people?include=everyone`), {
        status: 400,
        code: 'REQUEST.VALIDATION_FAILED',
        field: 'include',
      });
      expect((await trail()).filter((e) => e.type === 'PersonRemoved' && e.payload.personId === person.personId)).toHaveLength(1);
    });
  });

  describe('when a lead removes a person', () => {
    it('keeps them under Removed people, shuts them out of the organisation, and the trail names who removed them', async () => {
      const person = await aPerson(t, { ods, role: 'capacity-manager', name: 'Rita Moss' });
      const theirs = await PageSession.signIn(t, person);
      expect((await theirs.get(`/organisations/${ods}/people`)).status).toBe(200);

      const confirm = await leadPage.get(`/organisations/${ods}/people/${person.personId}/remove`);
      expect(visible(confirm.text)).toContain(`Remove Rita Moss from Test organisation ${ods}?`);
      const removed = await leadPage.submit(
        `/organisations/${ods}/people/${person.personId}/remove`,
        `/organisations/${ods}/people/${person.personId}/remove`,
        {},
      );
      expect(removed.status).toBe(303);
      const list = visible((await leadPage.get(removed.headers.location)).text);
      expect(list).toContain('Rita Moss has been removed');
      expect(list.slice(list.indexOf('Removed people'))).toContain('Rita Moss');

      const shut = await theirs.get(`/organisations/${ods}/people`);
      expect(shut.status).toBe(404);
      expect(visible(shut.text)).toContain('Page not found');
      expect((await people()).map((p) => p.id)).not.toContain(person.personId);
      expect((await people(ods, 'removed')).find((p) => p.id === person.personId)?.removedAt).toEqual(expect.any(String));

      const audit = visible((await leadPage.get(`/organisations/${ods}/audit`)).text);
      expect(audit).toContain('Priya Shah (implementation lead) removed Rita Moss from the role capacity manager (their history is kept)');
      expect(await verified()).toMatchObject({ valid: true, unexplained: [] });
    });

    it('cannot remove the last implementation lead, and says what to do instead', async () => {
      const alone = await admin.registerOrganisation('acute');
      const only = await aPerson(t, { ods: alone, role: 'implementation-lead', name: 'Lena Only' });
      const session = await PageSession.signIn(t, only);
      const confirm = await session.get(`/organisations/${alone}/people/${only.personId}/remove`);
      expect(confirm.status).toBe(200);
      expect(visible(confirm.text)).toContain('Lena Only is the only implementation lead');
      expect(confirm.text).not.toContain(`action="/organisations/${alone}/people/${only.personId}/remove"`);

      const before = await observableState(t, [alone]);
      const forced = await session.submit(`/organisations/${alone}/people`, `/organisations/${alone}/people/${only.personId}/remove`, {});
      expect(forced.status).toBe(409);
      expect(visible(forced.text)).toContain('Give someone else implementation lead access first');
      const demoted = await session.submit(`/organisations/${alone}/people`, `/organisations/${alone}/people/${only.personId}/edit`, {
        name: 'Lena Only',
        accessRole: 'contributor',
      });
      expect(demoted.status).toBe(409);
      expect(visible(demoted.text)).toContain('so they cannot be given another access role');
      const api = await admin.send('delete', `/api/v1/organisations/${alone}/people/${only.personId}`);
      expectProblem(api, { status: 409, code: 'PERSON.LAST_IMPLEMENTATION_LEAD' });
      expect(await observableState(t, [alone])).toEqual(before);
    });
  });

  describe('when a lead invites a person again', () => {
    it('queues a second welcome with a new working link', async () => {
      const person = (await people()).find((p) => p.email === 'nia.jones@example.nhs.uk')!;
      const first = await welcomesTo(person.email);
      const sent = await leadPage.submit(`/organisations/${ods}/people/${person.id}`, `/organisations/${ods}/people/${person.id}/invitations`, {});
      expect(sent.status).toBe(303);
      expect(visible((await leadPage.get(sent.headers.location)).text)).toContain('The invitation has been sent to nia.jones@example.nhs.uk again');
      const welcomes = await welcomesTo(person.email);
      expect(welcomes).toHaveLength(first.length + 1);
      const link = await setPasswordLinkIn(welcomes[0]);
      expect(link).not.toBe(await setPasswordLinkIn(first[0]));
      expect(visible((await new PageSession(t).get(link)).text)).toContain('Set your password');

      const api = await admin.post(`/api/v1/organisations/${ods}/people/${person.id}/invitations`);
      expectStatus(api, 201);
      expect(api.body).toMatchObject({ personId: person.id, email: person.email });
      expect(await welcomesTo(person.email)).toHaveLength(first.length + 2);
      expect((await trail()).filter((e) => e.type === 'PersonInvitedAgain').at(-2)?.actor.label).toBe('Priya Shah');
    });
  });

  describe('for a contributor', () => {
    it('shows the people but no form to add, change, remove or invite them', async () => {
      const list = await contributorPage.get(`/organisations/${ods}/people`);
      expect(list.status).toBe(200);
      expect(visible(list.text)).toContain('Priya Shah');
      expect(list.text).not.toContain(`/organisations/${ods}/people/add`);
      const person = await contributorPage.get(`/organisations/${ods}/people/${lead.personId}`);
      expect(person.status).toBe(200);
      expect(person.text).not.toMatch(/\/(remove|edit|invitations)"/);
      expect(person.text).not.toContain('<form method="post" action="/organisations');
      const settings = await contributorPage.get(`/organisations/${ods}/settings`);
      expect(settings.status).toBe(200);
      expect(settings.text).not.toContain(`action="/organisations/${ods}/settings"`);
    });

    it('refuses every forged form, and nothing is written', async () => {
      const before = { state: await observableState(t, [ods]), mail: (await admin.get('/api/v1/mail?limit=500')).body.items.length };
      const forged: [string, Record<string, string>][] = [
        ['add', { name: 'Eve Forged', email: 'eve@example.nhs.uk', role: 'it-lead', accessRole: 'implementation-lead' }],
        ['add/confirm', { name: 'Eve Forged', email: 'eve@example.nhs.uk', role: 'it-lead', accessRole: 'implementation-lead', action: 'confirm' }],
        [`${lead.personId}/edit`, { name: 'Forged', accessRole: 'viewer' }],
        [`${lead.personId}/remove`, {}],
        [`${lead.personId}/invitations`, {}],
      ];
      for (const [action, fields] of forged) {
        const res = await contributorPage.submit(`/organisations/${ods}/people`, `/organisations/${ods}/people/${action}`, fields);
        expect({ action, status: res.status, heading: visible(res.text).slice(0, 40) }).toEqual({
          action,
          status: 403,
          heading: expect.stringContaining('You cannot do this'),
        });
      }
      const settings = await contributorPage.submit(`/organisations/${ods}/settings`, `/organisations/${ods}/settings`, { allowSelfSignOff: 'yes' });
      expect(settings.status).toBe(403);
      expect(await observableState(t, [ods])).toEqual(before.state);
      expect((await admin.get('/api/v1/mail?limit=500')).body.items.length).toBe(before.mail);
    });
  });

  it("answers another organisation's people, settings and audit pages with Page not found", async () => {
    const theirs = await people(otherOds);
    const someone = await admin.addPerson(otherOds, 'it-lead', 'Other Person');
    for (const path of [
      `/organisations/${otherOds}/people`,
      `/organisations/${otherOds}/people/add`,
      `/organisations/${otherOds}/people/${someone}`,
      `/organisations/${otherOds}/settings`,
      `/organisations/${otherOds}/audit`,
      `/organisations/${ods}/people/${someone}`,
      `/organisations/${ods}/people/not-a-person`,
    ]) {
      const res = await leadPage.get(path);
      expect({ path, status: res.status, heading: visible(res.text).slice(0, 40) }).toEqual({
        path,
        status: 404,
        heading: expect.stringContaining('Page not found'),
      });
    }
    expect(await people(otherOds)).toHaveLength(theirs.length + 1);
  });

  describe('the four-eyes setting', () => {
    it('refuses a self sign-off, is changed by a lead and audited with their name, and then allows it', async () => {
      const created = await leadPage.submit('/account', '/account/tokens', { label: 'Sign-off test', organisation: ods });
      expect(created.status).toBe(201);
      const token = /class="onramp-token">([^<]+)</.exec(created.text)![1];
      const me = new OnrampClient(t, token);
      const run = await me.startRun(ods, inDays(200));
      const step = (id: string) => run.steps.find((s) => s.id === id) as StepJson;
      expectStatus(await me.step(ods, 'core.appoint-implementation-lead', 'complete', OnrampClient.evidenceFor(step('core.appoint-implementation-lead'))), 200);
      expectStatus(await me.step(ods, 'core.confirm-dspt-submission', 'complete', OnrampClient.evidenceFor(step('core.confirm-dspt-submission'))), 200);
      expectProblem(await me.step(ods, 'core.confirm-dspt-submission', 'sign-off'), { status: 409, code: 'ONBOARDING.SELF_SIGN_OFF' });

      const page = visible((await leadPage.get(`/organisations/${ods}/settings`)).text);
      expect(page).toContain('Someone other than the person who completed a step must sign it off');
      expect(page).toContain('Not changed since the organisation was registered');
      const missing = await leadPage.submit(`/organisations/${ods}/settings`, `/organisations/${ods}/settings`, {});
      expect(missing.status).toBe(400);
      const saved = await leadPage.submit(`/organisations/${ods}/settings`, `/organisations/${ods}/settings`, { allowSelfSignOff: 'yes' });
      expect(saved.status).toBe(303);
      const after = visible((await leadPage.get(saved.headers.location)).text);
      expect(after).toContain('A person may sign off a step they completed themselves');
      expect(after).toMatch(/Last changed by Priya Shah on \d{1,2} \w+ \d{4} at \d{2}:\d{2}/);
      expect((await trail()).filter((e) => e.type === 'SelfSignOffSettingChanged')).toEqual([
        expect.objectContaining({ actor: expect.objectContaining({ id: lead.userId, label: 'Priya Shah' }), payload: { allowed: true } }),
      ]);

      const signed = await me.step(ods, 'core.confirm-dspt-submission', 'sign-off');
      expectStatus(signed, 200);
      expect((await trail()).find((e) => e.type === 'StepSignedOff')?.payload).toMatchObject({ selfSignOff: true });
      const audit = visible((await leadPage.get(`/organisations/${ods}/audit`)).text);
      expect(audit).toContain('Priya Shah (token "Sign-off test", implementation lead) signed off');
      expect(audit).toContain('which they had completed themselves');
      expect(audit).toContain('Priya Shah (implementation lead) allowed people to sign off steps they completed themselves (four eyes off)');

      // Back on, through the API; a contributor may not.
      const contributorToken = new OnrampClient(t, await admin.createToken(ods, 'contributor'));
      expectProblem(await contributorToken.send('put', `/api/v1/organisations/${ods}/settings/self-sign-off`, { allowed: false }), {
        status: 403,
        code: 'AUTH.ROLE_NOT_PERMITTED',
      });
      const off = await me.send('put', `/api/v1/organisations/${ods}/settings/self-sign-off`, { allowed: false });
      expectStatus(off, 200);
      expect(off.body).toMatchObject({ odsCode: ods, allowSelfSignOff: false });
      expect(await verified()).toMatchObject({ valid: true, unexplained: [] });
    });
  });

  describe('the audit trail page', () => {
    it('names people, not ids, newest first, with the verification result, paged', async () => {
      // More than two pages, whatever ran before.
      for (let i = 0; (await trail()).length < 60; i++)
        expectStatus(await admin.send('put', `/api/v1/organisations/${ods}/settings/self-sign-off`, { allowed: i % 2 === 0 }), 200);
      const allowed = (await admin.get(`/api/v1/organisations/${ods}`)).body.allowSelfSignOff as boolean;
      expect(
        (await leadPage.submit(`/organisations/${ods}/settings`, `/organisations/${ods}/settings`, { allowSelfSignOff: allowed ? 'no' : 'yes' })).status,
      ).toBe(303);
      const entries = await trail();
      const page = await leadPage.get(`/organisations/${ods}/audit`);
      expect(page.status).toBe(200);
      const text = visible(page.text);
      expect(text).toMatch(new RegExp(`The trail is intact: ${entries.length} entries verified`));
      expect(text).toContain('Priya Shah (implementation lead)');
      expect(text).toMatch(/\d{1,2} \w+ \d{4} at \d{2}:\d{2}/);
      const table = text.slice(text.indexOf('Entries'));
      expect(table).not.toMatch(UUID);
      const first = Number(/nhsuk-table__cell--numeric">\s*(\d+)\s*</.exec(page.text)?.[1]);
      expect(first).toBe(entries.at(-1)!.seq);
      const older = href(/href="([^"]+)" rel="next"/.exec(page.text)?.[1]);
      expect(older).toBe(`/organisations/${ods}/audit?before=${entries.at(-1)!.seq - 24}`);
      const next = await leadPage.get(older!);
      expect(next.status).toBe(200);
      expect(visible(next.text)).toContain(`entries ${Math.max(1, entries.at(-1)!.seq - 49)} to ${entries.at(-1)!.seq - 25}`);
      expect(visible(next.text)).toContain('Newer entries');
    });

    it('is open to everyone who can read the organisation', async () => {
      const res = await contributorPage.get(`/organisations/${ods}/audit`);
      expect(res.status).toBe(200);
      expect(visible(res.text)).toContain('The trail is intact');
    });
  });

  describe('the admin pages', () => {
    let adminPerson: TestPerson;
    let adminPage: PageSession;
    beforeAll(async () => {
      adminPerson = await aPerson(t, { globalRole: 'admin', name: 'Ada Admin' });
      adminPage = await PageSession.signIn(t, adminPerson);
    });

    const ADMIN_PAGES = ['/admin', '/admin/mail', '/admin/tokens', '/admin/plugins', '/admin/organisations/new'];

    it('are "You cannot do this" for anyone but an administrator', async () => {
      for (const path of ADMIN_PAGES) {
        const res = await leadPage.get(path);
        expect({ path, status: res.status, text: visible(res.text).slice(0, 60) }).toEqual({
          path,
          status: 403,
          text: expect.stringContaining('You cannot do this'),
        });
      }
      const forged = await leadPage.submit('/account', '/admin/tokens', { label: 'Mine now', organisation: ods, role: 'implementation-lead' });
      expect(forged.status).toBe(403);
    });

    it('work for an administrator', async () => {
      const expected: Record<string, string> = {
        '/admin': 'Administration',
        '/admin/mail': 'Outgoing mail',
        '/admin/tokens': 'Integration tokens',
        '/admin/plugins': 'Plugins',
        '/admin/organisations/new': 'Register an organisation',
      };
      for (const path of ADMIN_PAGES) {
        const res = await adminPage.get(path);
        expect({ path, status: res.status, h1: /<h1[^>]*>\s*([^<]+?)\s*</.exec(res.text)?.[1] }).toEqual({ path, status: 200, h1: expected[path] });
      }
      expect(visible((await adminPage.get('/admin/plugins')).text)).toMatch(/acute 1\.\d+\.\d+ .*For Acute trust Adds \d+ steps to the checklist/);
    });

    it('lists the outbox without the emails themselves, filtered by status', async () => {
      // More than a page of mail, whatever ran before.
      while ((await admin.get('/api/v1/mail?limit=500')).body.items.length <= 30) await admin.addPerson(otherOds, 'clinician');
      const outbox = (await admin.get('/api/v1/mail?limit=500')).body.items as MailJson[];
      const mail = await adminPage.get('/admin/mail');
      const text = visible(mail.text);
      expect(text).toContain(`${outbox[0].recipient} ${outbox[0].subject}`);
      expect(text).toContain('Welcome and invitation');
      expect(mail.text).not.toMatch(/set-password\?token/);
      const older = href(/href="([^"]+)" rel="next"/.exec(mail.text)?.[1]);
      expect(older).toBe(`/admin/mail?before=${outbox[24].id}`);
      const second = visible((await adminPage.get(older!)).text);
      expect(second).toContain(`${outbox[25].recipient} ${outbox[25].subject}`);
      expect(second).not.toContain(`${outbox[0].recipient} ${outbox[0].subject}`);
      const pending = visible((await adminPage.get('/admin/mail?status=dead')).text);
      expect(pending).toContain('No emails with the status “Gave up after retrying”');
    });

    it('creates an integration token shown once, which works until it is revoked', async () => {
      const refused = await adminPage.submit('/admin/tokens', '/admin/tokens', { label: '', organisation: '*', role: 'viewer' });
      expect(refused.status).toBe(400);
      expect(visible(refused.text)).toMatch(/Enter a name for the token.*Only a national team token acts for all organisations/);

      const created = await adminPage.submit('/admin/tokens', '/admin/tokens', { label: 'PAS bridge', organisation: ods, role: 'viewer' });
      expect(created.status).toBe(201);
      const token = /<code class="onramp-break">(onr_[\w-]+)<\/code>/.exec(created.text)![1];
      expect(visible(created.text)).toContain('this page is the only time it is shown');
      const list = await adminPage.get('/admin/tokens');
      expect(list.text).not.toContain(token);
      expect(visible(list.text)).toMatch(new RegExp(`PAS bridge Test organisation ${ods} \\(${ods}\\) Viewer \\d{1,2} \\w+ \\d{4} Active`));

      const bridge = new OnrampClient(t, token);
      expectStatus(await bridge.get(`/api/v1/organisations/${ods}/people`), 200);
      const id = (await admin.get('/api/v1/tokens')).body.items.find((x: { label: string }) => x.label === 'PAS bridge').id as string;
      const confirm = await adminPage.get(`/admin/tokens/${id}/revoke`);
      expect(visible(confirm.text)).toContain('Revoke the token PAS bridge?');
      const revoked = await adminPage.submit(`/admin/tokens/${id}/revoke`, `/admin/tokens/${id}/revoke`, {});
      expect(revoked.status).toBe(303);
      expect(visible((await adminPage.get(revoked.headers.location)).text)).toContain('The token has been revoked');
      expectProblem(await bridge.get(`/api/v1/organisations/${ods}/people`), { status: 401, code: 'AUTH.INVALID_TOKEN' });
    });

    it('registers an organisation after checking its ODS code, then goes to its people', async () => {
      const organisations = async () => (await admin.get('/api/v1/organisations')).body.items.length as number;
      const before = await organisations();
      const bad = await adminPage.submit('/admin/organisations/new', '/admin/organisations/new', {
        odsCode: 'RH-8',
        name: 'Royal Test Hospitals',
        type: 'acute',
      });
      expect(bad.status).toBe(400);
      expect(visible(bad.text)).toContain('Enter an ODS code of 1 to 9 letters or digits, like RH8 or NV701');
      const long = await adminPage.submit('/admin/organisations/new', '/admin/organisations/new/confirm', {
        odsCode: 'ABCDE12345',
        name: 'Royal Test Hospitals',
        type: 'acute',
        action: 'confirm',
      });
      expect(long.status).toBe(400);
      expect(await organisations()).toBe(before);

      const code = newOdsCode('W');
      const check = await adminPage.submit('/admin/organisations/new', '/admin/organisations/new', {
        odsCode: code.toLowerCase(),
        name: 'Royal Test Hospitals',
        type: 'acute',
      });
      expect(visible(check.text)).toContain(`ODS code ${code} Name Royal Test Hospitals Type Acute trust`);
      expect(await organisations()).toBe(before);
      const done = await adminPage.submit('/admin/organisations/new', '/admin/organisations/new/confirm', {
        odsCode: code,
        name: 'Royal Test Hospitals',
        type: 'acute',
        action: 'confirm',
      });
      expect(done.status).toBe(303);
      expect(done.headers.location).toBe(`/organisations/${code}/people?done=registered`);
      expect(visible((await adminPage.get(done.headers.location)).text)).toContain('Royal Test Hospitals has been registered. Add its implementation lead now');
      expectStatus(await admin.get(`/api/v1/organisations/${code}`), 200);
      const twice = await adminPage.submit('/admin/organisations/new', '/admin/organisations/new/confirm', {
        odsCode: code,
        name: 'Royal Test Hospitals',
        type: 'acute',
        action: 'confirm',
      });
      expect(twice.status).toBe(409);
      expect(visible(twice.text)).toContain(`${code} is already registered in Onramp`);
    });
  });
});
