import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { Logger } from 'pino';
import { MailWorker } from '../../apps/onramp/src/notifications/mail/mail-worker';
import { LOGGER } from '../../apps/onramp/src/platform/logging/logger';
import { createHttpApp } from '../../apps/onramp/src/http-app';
import { OnrampClient, expectStatus, newOdsCode } from '../support/onramp-client';
import { pluginManifest, writePlugin } from '../support/plugin-fixtures';
import { waitFor } from '../support/smtp-sink';
import { startTestApp, testConfig } from '../support/test-app';
import { createTestDatabase, testDatabaseKinds } from '../support/test-database';

const tree = (files: Record<string, string>) => {
  const root = mkdtempSync(join(tmpdir(), 'onramp-templates-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
};

describe.each(testDatabaseKinds())('template overrides and mail to a folder on %s', (kind) => {
  it('uses a deployment override over a plugin override over the core template, in the .eml files it writes', async () => {
    const pluginDir = writePlugin(pluginManifest('branded', { templates: './templates' }));
    mkdirSync(join(pluginDir, 'templates/email/role-welcome'), { recursive: true });
    writeFileSync(join(pluginDir, 'templates/email/role-welcome/subject.hbs'), 'Plugin welcome for {{recipient.name}}');
    const deployment = tree({ 'email/role-welcome/subject.hbs': 'Welcome to e-RS at {{organisation.name}}, {{recipient.name}}' });

    const pluginOnly = await startTestApp(kind, { plugins: [pluginDir] });
    const withDeployment = await startTestApp(kind, { plugins: [pluginDir], templatesDir: deployment });
    try {
      for (const [t, expected] of [
        [pluginOnly, /^Plugin welcome for Kim Davies$/],
        [withDeployment, /^Welcome to e-RS at Test organisation \w+, Kim Davies$/],
      ] as const) {
        const admin = new OnrampClient(t, t.adminToken);
        const ods = await admin.registerOrganisation('acute', newOdsCode('T'));
        expectStatus(
          await admin.post(`/api/v1/organisations/${ods}/people`, { name: 'Kim Davies', email: 'kim.davies@example.nhs.uk', role: 'training-lead' }),
          201,
        );
        await t.app.get(MailWorker).drain();
        const file = await waitFor('an .eml file', () => readdirSync(t.config.mailDir).find((f) => f.endsWith('.eml') && f.includes('role-welcome')));
        const mail = await simpleParser(readFileSync(join(t.config.mailDir, file)));
        expect(mail.subject).toMatch(expected);
        expect(mail.to && 'value' in mail.to ? mail.to.value[0].address : null).toBe('kim.davies@example.nhs.uk');
        // The rest of the email still comes from the core templates.
        expect(mail.text).toMatch(/WHAT YOUR ROLE INVOLVES/);
      }
    } finally {
      await pluginOnly.close();
      await withDeployment.close();
    }
  });

  /** A plugin (for mental-health providers only) overriding the assignment email's subject with a value Onramp's data does not have. */
  const siteCountPlugin = (withFixture: boolean) => {
    const dir = writePlugin(pluginManifest('site-branding', { organisationTypes: ['mental-health'], templates: './templates' }));
    mkdirSync(join(dir, 'templates/email/step-assigned'), { recursive: true });
    writeFileSync(join(dir, 'templates/email/step-assigned/subject.hbs'), 'For {{site.count}} sites: {{step.title}}');
    if (withFixture) {
      // Its own fixture has the value, so the start-up check passes; the real data never will.
      const core = JSON.parse(readFileSync(join(__dirname, '../../templates/email/step-assigned/fixture.json'), 'utf8')) as object;
      writeFileSync(join(dir, 'templates/email/step-assigned/fixture.json'), JSON.stringify({ ...core, site: { count: 3 } }));
    }
    return dir;
  };

  it('refuses to start when a plugin template uses a value its fixture does not have, naming the file and the value', async () => {
    const dir = siteCountPlugin(false);
    const db = await createTestDatabase(kind);
    try {
      const error = await createHttpApp({ ...testConfig(), database: db.url, logLevel: 'silent', adminToken: 'x'.repeat(32), plugins: [dir] }).then(
        async (app) => {
          await app.close();
          return null;
        },
        (e: Error) => e,
      );
      expect(error?.message).toContain(`${join(dir, 'templates/email/step-assigned/subject.hbs')}: line 1: "site.count" is missing from the data`);
    } finally {
      await db.drop();
    }
  });

  it('stores an email whose template fails on real data as failed, and lets the change commit, for every organisation', async () => {
    const t = await startTestApp(kind, { plugins: [siteCountPlugin(true)] });
    const warnings = jest.spyOn(t.app.get<Logger>(LOGGER), 'warn');
    try {
      const admin = new OnrampClient(t, t.adminToken);
      // An acute trust (the plugin does not apply to it, its template still does) and a mental health provider.
      for (const type of ['acute', 'mental-health']) {
        const ods = await admin.registerOrganisation(type, newOdsCode('F'));
        const lead = admin.as(await admin.createToken(ods, 'implementation-lead'));
        const person = await lead.addPerson(ods, 'it-lead');
        const run = await lead.startRun(ods);
        const step = run.steps.find((s) => s.id === 'core.liaise-with-pas-supplier')!;
        expectStatus(await lead.step(ods, step.id, 'assign', { personId: person }), 200);
        expect((await lead.run(ods)).steps.find((s) => s.id === step.id)!.assignee).toMatchObject({ id: person });

        await t.app.get(MailWorker).drain();
        const mail = await admin.get(`/api/v1/mail?organisation=${ods}`);
        expectStatus(mail, 200);
        const byPurpose = Object.fromEntries((mail.body.items as { purpose: string }[]).map((m) => [m.purpose, m])) as Record<string, Record<string, unknown>>;
        expect(byPurpose['step-assigned']).toMatchObject({
          status: 'failed',
          attempts: 0,
          sentAt: null,
          nextAttemptAt: null,
          subject: '(not composed: the step-assigned template failed)',
          lastError: expect.stringContaining('cannot compose the step-assigned email: '),
          events: [{ type: 'MailComposeFailed', attempt: 0, at: expect.any(String), detail: expect.any(String) }],
        });
        const lastError = byPurpose['step-assigned'].lastError as string;
        expect(lastError).toContain('templates/email/step-assigned/subject.hbs: line 1: "site.count" is missing from the data');
        expect(lastError).not.toMatch(/[\r\n]/);
        // Other mail of the same change and organisation is unaffected.
        expect(byPurpose['role-welcome']).toMatchObject({ status: 'sent' });

        const failed = await admin.get(`/api/v1/mail?status=failed&organisation=${ods}`);
        expect((failed.body.items as { purpose: string }[]).map((m) => m.purpose)).toEqual(['step-assigned']);
        expect(warnings).toHaveBeenCalledWith(
          expect.objectContaining({ template: 'step-assigned', file: expect.stringMatching(/email\/step-assigned\/subject\.hbs$/), organisation: ods }),
          'email not composed: its template failed; stored as failed and not sent',
        );
      }
      // Never sent: the mail folder has no assignment email.
      expect(readdirSync(t.config.mailDir).filter((f) => f.includes('step-assigned'))).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('refuses to start on a broken override, naming the file', async () => {
    const broken = tree({ 'email/step-assigned/html.hbs': '<p>{{#if step.gate}}unclosed' });
    const db = await createTestDatabase(kind);
    try {
      const error = await createHttpApp({
        ...testConfig(),
        database: db.url,
        logLevel: 'silent',
        adminToken: 'x'.repeat(32),
        plugins: [],
        templatesDir: broken,
      }).then(
        async (app) => {
          await app.close();
          return null;
        },
        (e: Error) => e,
      );
      expect(error?.message).toContain(join(broken, 'email/step-assigned/html.hbs'));
    } finally {
      await db.drop();
    }
  });
});

describe('template previews from the command line', () => {
  const cli = join(__dirname, '../../dist/apps/onramp/src/cli.js');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ONRAMP_PLUGINS: '' } });

  it('renders one part of one template to standard output', () => {
    const res = run('template:preview', 'email', 'step-assigned', 'html');
    expect({ status: res.status, stderr: res.stderr }).toEqual({ status: 0, stderr: '' });
    expect(res.stdout).toMatch(/^<!DOCTYPE html>/i);
  });

  it('writes every email part and every report from its fixture into a folder a person can open', () => {
    const out = mkdtempSync(join(tmpdir(), 'onramp-preview-'));
    const res = run('template:preview-all', out);
    expect({ status: res.status, stderr: res.stderr }).toEqual({ status: 0, stderr: '' });
    const files = readdirSync(out).sort();
    for (const name of [
      'step-assigned',
      'step-unblocked',
      'step-due-soon',
      'step-overdue',
      'sign-off-requested',
      'role-welcome',
      'weekly-digest',
      'compliance-report',
    ]) {
      expect(files).toEqual(expect.arrayContaining([`email-${name}.html`, `email-${name}.txt`, `email-${name}.subject.txt`]));
      expect(readFileSync(join(out, `email-${name}.html`), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    }
    for (const name of ['readiness', 'portfolio', 'compliance']) {
      expect(readFileSync(join(out, `report-${name}.html`), 'utf8')).toMatch(/<table/);
      expect(files).toContain(`report-${name}.md`);
    }
  });

  it('names an unknown template', () => {
    const res = run('template:preview', 'email', 'no-such-template');
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/no-such-template/);
  });
});
