import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { MailWorker } from '../../apps/onramp/src/notifications/mail/mail-worker';
import { createHttpApp } from '../../apps/onramp/src/http-app';
import { loadConfig } from '../../apps/onramp/src/shared/config/app-config';
import { OnrampClient, expectStatus, newOdsCode } from '../support/onramp-client';
import { pluginManifest, writePlugin } from '../support/plugin-fixtures';
import { waitFor } from '../support/smtp-sink';
import { startTestApp } from '../support/test-app';
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

  it('refuses to start on a broken override, naming the file', async () => {
    const broken = tree({ 'email/step-assigned/html.hbs': '<p>{{#if step.gate}}unclosed' });
    const db = await createTestDatabase(kind);
    try {
      const error = await createHttpApp({
        ...loadConfig({}),
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
