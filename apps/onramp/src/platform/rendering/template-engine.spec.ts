import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Handlebars from 'handlebars';
import { PERSON_ROLES } from '../../shared/domain/roles';
import { projectRoot } from '../../shared/config/project-root';
import { escapeMarkdown } from './markdown-escape';
import { previewTemplate } from './preview';
import { ROLE_DUTIES } from './role-duties';
import {
  REQUIRED_EMAILS,
  REQUIRED_REPORTS,
  TemplateEngine,
  TemplateLoadError,
  TemplateRenderError,
  UnknownTemplateError,
  type TemplateKind,
} from './template-engine';
import { areaLabel, goLiveDelta, join as joinHelper, plural, ragLabel, relativeDue, roleLabel, statusLabel, ukDate, ukDateTime } from './template-helpers';
import {
  EXEMPLARS,
  HOSTILE,
  aComplianceEmailModel,
  aPortfolioReportModel,
  aPortfolioRow,
  aReadinessReportModel,
  aRecipient,
  aSignOffRequestedModel,
  aStepAssignedModel,
  aStepCard,
  anOrganisation,
} from './testing/template-builders';
import { shapeDifferences } from './testing/shape';
import { TemplateTrees } from './testing/template-tree';

const CORE = join(projectRoot(), 'templates');
const GOLDEN = join(projectRoot(), 'test', 'golden');
const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';
const LONDON = 'Europe/London';

const trees = new TemplateTrees();
afterAll(() => trees.cleanup());

const core = TemplateEngine.load({ coreDir: CORE });

/** Fields a template may legitimately leave unused; every other top-level field must be needed to render. */
const UNUSED_FIELDS: Record<string, string[]> = {
  'report/readiness': ['progress'], // drawn into charts.progress by the chart code
  'report/portfolio': ['today'],
  'report/compliance': ['today', 'reportLink'], // the report is the thing the link points at
};

function expectGolden(kind: TemplateKind, name: string, part: string, actual: string): void {
  const file = join(GOLDEN, kind, `${name}.${part}`);
  if (UPDATE_GOLDEN) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  if (!existsSync(file)) throw new Error(`no golden file ${file}; run with UPDATE_GOLDEN=1 and review the result`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

function renderAll(engine: TemplateEngine, kind: TemplateKind, name: string, data: unknown): Record<string, string> {
  if (kind === 'email') return engine.renderEmail(name, data);
  return { html: engine.renderReport(name, 'html', data), md: engine.renderReport(name, 'md', data) };
}

describe('TemplateEngine', () => {
  describe('the core templates', () => {
    it('provide exactly the required emails and reports', () => {
      expect(core.names()).toEqual({ emails: [...REQUIRED_EMAILS].sort(), reports: [...REQUIRED_REPORTS].sort() });
    });

    describe.each(REQUIRED_EMAILS.map((n) => [n]))('email %s', (name) => {
      const rendered = core.renderEmail(name, core.fixture('email', name));

      it.each([['subject'], ['html'], ['text']] as const)('renders its fixture to the golden %s', (part) => {
        expectGolden('email', name, part, rendered[part]);
      });

      it('has a one-line subject', () => {
        expect(rendered.subject).not.toMatch(/[\r\n]/);
        expect(rendered.subject).toBe(rendered.subject.trim());
        expect(rendered.subject.length).toBeGreaterThan(10);
      });

      it('links back to the step, run or report it is about, in both bodies', () => {
        const d = core.fixture('email', name) as { step?: { link: string }; runLink?: string; reportLink?: string; link?: string };
        // An email about the person's account (password reset) links to the page that acts on it.
        const link = d.step?.link ?? d.runLink ?? d.reportLink ?? d.link;
        expect(link).toMatch(/^https:\/\//);
        expect(rendered.html).toContain(`href="${Handlebars.escapeExpression(link ?? '')}"`);
        expect(rendered.text).toContain(link);
      });

      it('is wrapped in the email layout with the NHS header and a footer saying why it was sent', () => {
        expect(rendered.html).toMatch(/^<!DOCTYPE html>/);
        expect(rendered.html).toContain('background-color:#005eb8');
        expect(rendered.html).toContain('NHS e-Referral Service onboarding');
        expect(rendered.html).toContain('You are getting this email because');
        expect(rendered.html).toContain(`<title>${Handlebars.escapeExpression(rendered.subject)}</title>`);
      });
    });

    describe.each(REQUIRED_REPORTS.map((n) => [n]))('report %s', (name) => {
      const fixture = core.fixture('report', name);

      it.each([['html'], ['md']] as const)('renders its fixture to the golden %s', (format) => {
        expectGolden('report', name, format, core.renderReport(name, format, fixture));
      });

      it('is a standalone printable page with the report title and no external assets', () => {
        const html = core.renderReport(name, 'html', fixture);
        const h1 = /<h1>([^<]*)<\/h1>/.exec(html)?.[1];
        expect(h1).toBeTruthy();
        expect(html).toContain(`<title>${h1}</title>`);
        expect(html).toContain('@page { size: A4;');
        expect(html).toContain('@media print');
        expect(html).not.toMatch(/<(link|script|img)\b/i);
        expect(html).not.toMatch(/(src|href)="(?!https:\/\/digital\.nhs\.uk|https:\/\/www\.england\.nhs\.uk)[a-z]+:/i);
      });
    });

    it('insert the readiness charts unescaped, since our own chart code draws them', () => {
      const fixture = core.fixture('report', 'readiness') as { charts: { areas: string; progress: string } };
      const html = core.renderReport('readiness', 'html', fixture);
      expect(html).toContain(fixture.charts.areas);
      expect(html).toContain(fixture.charts.progress);
    });

    it.each([...REQUIRED_EMAILS.map((n) => ['email', n] as const), ...REQUIRED_REPORTS.map((n) => ['report', n] as const)])(
      '%s %s has a fixture with the shape of its model',
      (kind, name) => {
        const exemplar = (EXEMPLARS[kind] as Record<string, unknown>)[name];
        expect(shapeDifferences(exemplar, core.fixture(kind, name))).toEqual([]);
      },
    );
  });

  describe('strict mode', () => {
    const cases = [...REQUIRED_EMAILS.map((n) => ['email', n] as const), ...REQUIRED_REPORTS.map((n) => ['report', n] as const)].flatMap(([kind, name]) =>
      Object.keys(core.fixture(kind, name) as object)
        .filter((field) => !(UNUSED_FIELDS[`${kind}/${name}`] ?? []).includes(field))
        .map((field) => [kind, name, field] as const),
    );

    it.each(cases)('%s %s does not render without the field "%s"', (kind, name, field) => {
      const data = core.fixture(kind, name) as Record<string, unknown>;
      delete data[field];
      expect(() => renderAll(core, kind, name, data)).toThrow(TemplateRenderError);
    });

    it('names the template file and the missing field', () => {
      const data = aStepAssignedModel();
      delete (data.step as Partial<typeof data.step>).title;
      expect(() => core.renderEmail('step-assigned', data)).toThrow(/email\/step-assigned\/subject\.hbs.*"title" not defined/);
    });

    it('rejects a missing value passed to a helper', () => {
      const data = aStepAssignedModel({ step: { ...aStepCard(), dueDate: undefined as unknown as string } });
      expect(() => core.renderEmail('step-assigned', data)).toThrow(/ukDate.*undefined/);
    });

    it('rejects a missing list in {{#each}} or value in {{#if}}, which Handlebars alone would render as empty', () => {
      const deployment = trees.create({
        'email/step-assigned/subject.hbs': '{{#each steps}}{{title}}{{/each}}',
        'email/step-assigned/text.hbs': '{{#if note}}{{note}}{{/if}}',
      });
      const engine = TemplateEngine.load({ coreDir: CORE, deploymentDir: deployment });
      expect(() => engine.renderEmail('step-assigned', core.fixture('email', 'step-assigned'))).toThrow(
        /subject\.hbs: \{\{#each\}\} on line 1 got a value that is missing from the data/,
      );
      const withSteps = { ...aStepAssignedModel(), steps: [] };
      expect(() => engine.renderEmail('step-assigned', withSteps)).toThrow(/text\.hbs: \{\{#if\}\} on line 1 got a value that is missing/);
      expect(engine.renderEmail('step-assigned', { ...withSteps, note: null }).text).toBe('');
    });

    it('explains a missing object reached through a path', () => {
      const data = core.fixture('email', 'weekly-digest') as Record<string, unknown>;
      delete data.changes;
      expect(() => core.renderEmail('weekly-digest', data)).toThrow(/weekly-digest\/html\.hbs: .*reading 'length'.*missing from the data/);
    });

    it('names the whole expression a missing value was reached through, and the line', () => {
      const engine = TemplateEngine.load({
        coreDir: CORE,
        deploymentDir: trees.create({ 'email/step-assigned/subject.hbs': 'Sites:\n  {{site.count}} for {{step.title}}' }),
      });
      let error: unknown;
      try {
        engine.renderEmail('step-assigned', core.fixture('email', 'step-assigned'));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TemplateRenderError);
      expect((error as Error).message).toMatch(/onramp-templates-[^/]+\/email\/step-assigned\/subject\.hbs: line 2: "site\.count" is missing from the data/);
      expect((error as TemplateRenderError).details).toMatchObject({ template: 'email/step-assigned', file: expect.stringMatching(/subject\.hbs$/) });
    });

    it('names the partial a failure happened in, not the template that used it', () => {
      const engine = TemplateEngine.load({
        coreDir: CORE,
        deploymentDir: trees.create({ 'partials/step-card.hbs': '<p>{{step.title}}</p>\n<p>{{step.sites.count}}</p>' }),
      });
      expect(() => engine.renderEmail('step-assigned', core.fixture('email', 'step-assigned'))).toThrow(
        /Cannot render [^ ]*\/partials\/step-card\.hbs: line 2: "step\.sites\.count" is missing from the data/,
      );
    });

    it('gives a summary for logs and stored records that leaves out values from the data', () => {
      const engine = TemplateEngine.load({ coreDir: CORE, deploymentDir: trees.create({ 'email/step-assigned/subject.hbs': '{{ukDate recipient.email}}' }) });
      const data = { ...aStepAssignedModel(), recipient: aRecipient({ email: 'secret-reset-link@example.nhs.uk' }) };
      let error: TemplateRenderError | undefined;
      try {
        engine.renderEmail('step-assigned', data);
      } catch (e) {
        error = e as TemplateRenderError;
      }
      expect(error!.message).toContain('secret-reset-link');
      expect(error!.details.summary).toMatch(/subject\.hbs: \{\{ukDate\}\} needs a date .*\(the value is not shown\)$/);
      expect(error!.details.summary).not.toContain('secret-reset-link');
    });

    it('accepts null where the model allows it', () => {
      const data = aSignOffRequestedModel({ note: null, step: aStepCard({ signOffRole: 'clinical-lead' }) });
      expect(core.renderEmail('sign-off-requested', data).html).toContain('No note was added.');
      const unassigned = aStepAssignedModel({ step: aStepCard({ signOffRole: null }) });
      expect(core.renderEmail('step-assigned', unassigned).html).toContain('Not needed');
    });
  });

  describe('hostile data', () => {
    const hostile = Object.values(HOSTILE).join(' ');

    it('is escaped in email HTML, and cannot reach the subject as a header', () => {
      const data = aSignOffRequestedModel({
        recipient: aRecipient({ name: hostile }),
        organisation: anOrganisation({ name: HOSTILE.crlf + HOSTILE.ampersand }),
        step: aStepCard({ title: HOSTILE.crlf + HOSTILE.script, guidance: hostile, evidenceRequired: [{ key: 'k', description: hostile }] }),
        completedBy: HOSTILE.attribute,
        evidence: [{ key: 'k', description: hostile, reference: HOSTILE.script }],
        note: hostile,
      });
      const { subject, html, text } = core.renderEmail('sign-off-requested', data);

      expect(subject).not.toMatch(/[\r\n]/);
      expect(subject).toContain('Weekly Bcc: attacker@example.test hello');
      expect(html).not.toContain('<script>');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(html).not.toContain('" onmouseover="');
      expect(html).toContain('&quot; onmouseover&#x3D;&quot;alert(1)');
      expect(html).toContain('Smith &amp; Jones &lt;Partners&gt;');
      expect(html).not.toContain('<b>bold</b>');
      // Handlebars never evaluates data: the braces come through as text.
      expect(html).toContain('{{constructor.constructor &quot;return process&quot;}}');
      // The plain-text body is text/plain: the values appear as typed, never interpreted.
      expect(text).toContain(HOSTILE.handlebars);
    });

    it('is escaped in report HTML, while only the chart fields are inserted raw', () => {
      const model = aReadinessReportModel({
        organisation: { ...anOrganisation({ name: HOSTILE.script }), type: 'acute' },
        rag: { status: 'red', reasons: [HOSTILE.attribute] },
        steps: [{ ...aReadinessReportModel().steps[0], title: '<img src=x onerror=alert(1)>', assignee: HOSTILE.ampersand }],
      });
      const html = core.renderReport('readiness', 'html', model);
      expect(html).not.toMatch(/<script>|<img /);
      expect(html).toContain('<title>e-RS readiness report: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</title>');
      expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
      expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg" data-chart="areas"></svg>');
    });

    it('cannot add links, HTML or table cells to a Markdown report', () => {
      const model = aPortfolioReportModel({
        organisations: [aPortfolioRow({ organisation: { odsCode: 'RX9', name: HOSTILE.markdown + HOSTILE.crlf, type: 'acute' } })],
      });
      const md = core.renderReport('portfolio', 'md', model);
      const row = md.split('\n').find((line) => line.includes('click'))!;
      expect(row).toContain('\\| \\[click\\](https://evil.test) !\\[img\\](x) \\<b\\>bold\\</b\\> \\*');
      expect(row.split(/(?<!\\)\|/).length).toBe(10); // 8 cells: the value added none
      expect(md).not.toContain('Weekly\r\n');
    });
  });

  describe('overrides', () => {
    const fixture = core.fixture('email', 'step-assigned');

    it('take precedence per file: deployment over plugins, a later plugin over an earlier one, plugins over core', () => {
      const pluginA = trees.create({
        'email/step-assigned/subject.hbs': 'A: {{step.title}}',
        'email/step-assigned/text.hbs': 'A text {{recipient.name}}',
      });
      const pluginB = trees.create({ 'email/step-assigned/subject.hbs': 'B: {{step.title}}' });
      const deployment = trees.create({ 'email/step-assigned/html.hbs': '<p>Deployment {{recipient.name}} <a href="{{step.link}}">open</a></p>' });
      const engine = TemplateEngine.load({
        coreDir: CORE,
        pluginDirs: [
          { pluginId: 'a', dir: pluginA },
          { pluginId: 'b', dir: pluginB },
        ],
        deploymentDir: deployment,
      });

      const out = engine.renderEmail('step-assigned', fixture);
      expect(out.subject).toBe('B: Build and publish services on the e-RS Directory of Services');
      expect(out.text).toBe('A text Aisha Khan');
      expect(out.html).toContain('<p>Deployment Aisha Khan <a href=');
      expect(out.html).toContain('NHS e-Referral Service onboarding'); // the core layout still wraps it
      expect(engine.source('email', 'step-assigned')).toBe(join(deployment, 'email/step-assigned'));
      expect(engine.files('email', 'step-assigned')).toEqual({
        subject: join(pluginB, 'email/step-assigned/subject.hbs'),
        html: join(deployment, 'email/step-assigned/html.hbs'),
        text: join(pluginA, 'email/step-assigned/text.hbs'),
        fixture: join(CORE, 'email/step-assigned/fixture.json'),
      });
      // Untouched templates still come from core.
      expect(engine.source('email', 'step-overdue')).toBe(join(CORE, 'email/step-overdue'));
      expect(engine.renderEmail('step-overdue', core.fixture('email', 'step-overdue'))).toEqual(
        core.renderEmail('step-overdue', core.fixture('email', 'step-overdue')),
      );
    });

    it('can replace a partial used by core templates, and the deployment wins over a plugin', () => {
      const plugin = trees.create({ 'partials/button.hbs': '<a class="plugin-button" href="{{href}}">{{label}}</a>' });
      const withPlugin = TemplateEngine.load({ coreDir: CORE, pluginDirs: [{ pluginId: 'p', dir: plugin }] });
      expect(withPlugin.renderEmail('step-due-soon', core.fixture('email', 'step-due-soon')).html).toContain('<a class="plugin-button" href="https://');

      const deployment = trees.create({ 'partials/button.hbs': '<a class="deployment-button" href="{{href}}">{{label}}</a>' });
      const both = TemplateEngine.load({ coreDir: CORE, pluginDirs: [{ pluginId: 'p', dir: plugin }], deploymentDir: deployment });
      const html = both.renderEmail('weekly-digest', core.fixture('email', 'weekly-digest')).html;
      expect(html).toContain('class="deployment-button"');
      expect(html).not.toContain('plugin-button');
    });

    it('can replace a layout', () => {
      const deployment = trees.create({ 'layouts/report.hbs': '<html><title>{{title}}</title><body class="trust-brand">{{{body}}}</body></html>' });
      const engine = TemplateEngine.load({ coreDir: CORE, deploymentDir: deployment });
      const html = engine.renderReport('portfolio', 'html', core.fixture('report', 'portfolio'));
      expect(html).toMatch(/^<html><title>e-RS onboarding portfolio<\/title><body class="trust-brand">\n?<h1>/);
    });

    it('lets a plugin add a template of its own', () => {
      const plugin = trees.create({
        'email/paper-switch-off-reminder/subject.hbs': 'Paper switch-off for {{organisation.name}} on {{ukDate date}}',
        'email/paper-switch-off-reminder/html.hbs': '<p>{{> button href=link label="Open"}}</p>',
        'email/paper-switch-off-reminder/text.hbs': '{{link}}',
        'email/paper-switch-off-reminder/fixture.json': JSON.stringify({ organisation: anOrganisation(), date: '2027-03-01', link: 'https://onramp.test/x' }),
      });
      const engine = TemplateEngine.load({ coreDir: CORE, pluginDirs: [{ pluginId: 'acute', dir: plugin }] });
      expect(engine.names().emails).toContain('paper-switch-off-reminder');
      expect(engine.source('email', 'paper-switch-off-reminder')).toBe(join(plugin, 'email/paper-switch-off-reminder'));
      const out = engine.renderEmail('paper-switch-off-reminder', engine.fixture('email', 'paper-switch-off-reminder'));
      expect(out.subject).toBe('Paper switch-off for Riverside Valley Hospitals NHS Trust on 1 March 2027');
      expect(out.html).toContain('href="https://onramp.test/x"');
    });
  });

  describe('a broken template tree stops loading with the file named', () => {
    const load =
      (deployment: Record<string, string>, pluginDirs: { pluginId: string; dir: string }[] = []) =>
      () =>
        TemplateEngine.load({ coreDir: CORE, pluginDirs, deploymentDir: trees.create(deployment) });

    function expectLoadError(fn: () => unknown, ...patterns: RegExp[]): void {
      let error: unknown;
      try {
        fn();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TemplateLoadError);
      for (const p of patterns) expect((error as Error).message).toMatch(p);
      expect((error as Error).message).toMatch(/Fix: /);
    }

    it('bad Handlebars syntax', () => {
      expectLoadError(
        load({ 'email/step-assigned/html.hbs': '<p>{{#if step.gate}}gate</p>' }),
        /onramp-templates-[^/]+\/email\/step-assigned\/html\.hbs: does not compile/,
        /line 1/,
      );
    });

    it('a template folder without html.hbs', () => {
      expectLoadError(
        load({ 'email/trust-newsletter/subject.hbs': 'x', 'email/trust-newsletter/text.hbs': 'x', 'email/trust-newsletter/fixture.json': '{}' }),
        /email\/trust-newsletter\/html\.hbs: missing/,
        /add email\/trust-newsletter\/html\.hbs/,
      );
    });

    it('invalid fixture JSON', () => {
      expectLoadError(load({ 'email/step-assigned/fixture.json': '{ "recipient": ' }), /email\/step-assigned\/fixture\.json: invalid fixture JSON/);
    });

    it('an unknown top-level folder', () => {
      expectLoadError(load({ 'emails/step-assigned/html.hbs': '<p></p>' }), /\/emails: unknown folder "emails"/, /layouts, partials, email, reports/);
    });

    it('an unexpected file in a template folder', () => {
      expectLoadError(load({ 'email/step-assigned/html.hbs.orig': '<p></p>' }), /email\/step-assigned\/html\.hbs\.orig: unexpected file/);
    });

    it('a missing layout', () => {
      const coreWithoutLayout = trees.copy(CORE, ['layouts/report.hbs']);
      expectLoadError(() => TemplateEngine.load({ coreDir: coreWithoutLayout }), /layouts\/report\.hbs: missing layout/);
    });

    it('a required template missing everywhere', () => {
      const coreWithout = trees.copy(CORE, ['email/weekly-digest']);
      expectLoadError(() => TemplateEngine.load({ coreDir: coreWithout }), /email\/weekly-digest\/: the required email template "weekly-digest" is missing/);
    });

    it('a helper we do not provide', () => {
      expectLoadError(load({ 'email/step-assigned/subject.hbs': '{{shout step.title}}' }), /subject\.hbs: does not compile.*unknown helper shout/);
      expectLoadError(load({ 'email/step-assigned/text.hbs': '{{log recipient}}' }), /text\.hbs: does not compile.*unknown helper log/);
    });

    it('triple-stash on data', () => {
      expectLoadError(load({ 'email/step-assigned/html.hbs': '<p>{{{step.title}}}</p>' }), /html\.hbs: unescaped output \{\{\{step\.title\}\}\} on line 1/);
      expectLoadError(load({ 'reports/readiness/html.hbs': '{{{charts.areas}}}{{{organisation.name}}}' }), /unescaped output \{\{\{organisation\.name\}\}\}/);
      expectLoadError(load({ 'partials/button.hbs': '{{{body}}}' }), /partials\/button\.hbs: unescaped output/);
    });

    it('a partial that does not exist, or of the wrong kind for its output', () => {
      expectLoadError(load({ 'email/step-assigned/html.hbs': '{{> step-crad}}' }), /html\.hbs: partial "step-crad" on line 1 does not exist/);
      expectLoadError(
        load({ 'email/step-assigned/text.hbs': '{{> step-card}}' }),
        /text\.hbs: partial "step-card" on line 1 is an HTML partial used in plain text/,
      );
      expectLoadError(load({ 'email/step-assigned/html.hbs': '{{> text-step}}' }), /partial "text-step" on line 1 is a plain-text partial/);
    });

    it('a plugin templates folder that does not exist', () => {
      expectLoadError(
        load({}, [{ pluginId: 'ghost', dir: '/nonexistent/onramp-plugin/templates' }]),
        /\/nonexistent\/onramp-plugin\/templates: templates folder does not exist \(plugin ghost templates\)/,
      );
    });
  });

  describe('asking for something that is not there', () => {
    it('an unknown template name lists the known ones', () => {
      expect(() => core.renderEmail('step-assinged', {})).toThrow(UnknownTemplateError);
      expect(() => core.renderEmail('step-assinged', {})).toThrow(
        'Unknown email template "step-assinged". Known email templates: compliance-report, password-reset, role-welcome',
      );
      expect(() => core.renderReport('readyness', 'html', {})).toThrow(/Unknown report template "readyness".*compliance, portfolio, readiness/);
      expect(() => core.fixture('report', 'step-assigned')).toThrow(UnknownTemplateError);
      expect(() => core.source('email', 'nope')).toThrow(UnknownTemplateError);
    });

    it('an unknown report format', () => {
      expect(() => core.renderReport('readiness', 'pdf' as 'html', core.fixture('report', 'readiness'))).toThrow(/format "pdf".*"html" or "md"/);
    });
  });

  describe('isolation', () => {
    it('registers nothing on the global Handlebars', () => {
      expect(Handlebars.helpers).not.toHaveProperty('ukDate');
      expect(Handlebars.partials).not.toHaveProperty('step-card');
    });

    it('compiles everything at load: rendering reads no template files', () => {
      const copy = trees.copy(CORE);
      const engine = TemplateEngine.load({ coreDir: copy });
      rmSync(copy, { recursive: true, force: true });
      for (const name of REQUIRED_EMAILS)
        expect(engine.renderEmail(name, core.fixture('email', name))).toEqual(core.renderEmail(name, core.fixture('email', name)));
      for (const name of REQUIRED_REPORTS)
        expect(engine.renderReport(name, 'md', core.fixture('report', name))).toBe(core.renderReport(name, 'md', core.fixture('report', name)));
    });

    it('hands out a copy of each fixture', () => {
      const f = core.fixture('email', 'step-assigned') as Record<string, unknown>;
      delete f.step;
      expect(core.fixture('email', 'step-assigned')).toHaveProperty('step');
    });

    it('refuses a time zone it does not know', () => {
      expect(() => TemplateEngine.load({ coreDir: CORE, timezone: 'Europe/Londn' })).toThrow(/"Europe\/Londn" is not a time zone/);
    });

    it('shows dates in the configured time zone', () => {
      const ny = TemplateEngine.load({ coreDir: CORE, timezone: 'America/New_York' });
      const model = aComplianceEmailModel({ generatedAt: '2026-12-07T03:00:00.000Z' });
      expect(ny.renderEmail('compliance-report', model).text).toContain('Generated 6 December 2026 at 22:00');
      expect(core.renderEmail('compliance-report', model).text).toContain('Generated 7 December 2026 at 03:00');
    });
  });

  describe('previewTemplate', () => {
    it('renders one part from the fixture, exactly as sent', () => {
      const fixture = core.fixture('email', 'role-welcome');
      expect(previewTemplate(core, 'email', 'role-welcome', 'subject')).toBe(core.renderEmail('role-welcome', fixture).subject);
      expect(previewTemplate(core, 'email', 'role-welcome', 'html')).toBe(core.renderEmail('role-welcome', fixture).html);
      expect(previewTemplate(core, 'report', 'portfolio', 'md')).toBe(core.renderReport('portfolio', 'md', core.fixture('report', 'portfolio')));
    });

    it('rejects a part the template does not have', () => {
      expect(() => previewTemplate(core, 'email', 'role-welcome', 'md')).toThrow(/email template has no "md" part; use one of subject, html, text/);
      expect(() => previewTemplate(core, 'report', 'readiness', 'subject')).toThrow(UnknownTemplateError);
    });
  });
});

describe('template helpers', () => {
  it('ukDate shows a calendar day as that day, whatever the zone', () => {
    expect(ukDate('2026-11-22', LONDON)).toBe('22 November 2026');
    expect(ukDate('2026-06-01', 'Pacific/Kiritimati')).toBe('1 June 2026');
  });

  it('ukDate shows an instant as the day it falls on in London, in BST and in GMT', () => {
    expect(ukDate('2026-06-30T23:30:00Z', LONDON)).toBe('1 July 2026'); // BST: 00:30 on 1 July
    expect(ukDate('2026-12-31T23:30:00Z', LONDON)).toBe('31 December 2026'); // GMT: still 31 December
    expect(ukDate('2026-03-29T00:30:00Z', LONDON)).toBe('29 March 2026'); // before the clocks go forward at 01:00 UTC
    expect(ukDate('2026-10-24T23:30:00.000Z', LONDON)).toBe('25 October 2026'); // last night of BST
    expect(ukDate('2026-07-01T02:00:00+01:00', LONDON)).toBe('1 July 2026');
  });

  it('ukDateTime shows the local wall-clock time', () => {
    expect(ukDateTime('2026-06-30T23:30:00Z', LONDON)).toBe('1 July 2026 at 00:30');
    expect(ukDateTime('2026-12-01T09:05:00Z', LONDON)).toBe('1 December 2026 at 09:05');
  });

  it('date helpers render ISO dates with extended years (+010000-…) instead of failing', () => {
    expect(ukDate('+010000-01-15', LONDON)).toBe('15 January 10000');
    expect(ukDate('+010000-06-30T23:30:00.000Z', LONDON)).toBe('1 July 10000');
    expect(ukDateTime('+010000-01-15T09:05:00.000Z', LONDON)).toBe('15 January 10000 at 09:05');
    expect(ukDateTime('+010000-01-15', LONDON)).toBe('15 January 10000');
    expect(relativeDue('+010000-01-02', '+010000-01-01', LONDON)).toBe('due tomorrow');
    expect(relativeDue('+010000-01-01', '9999-12-31', LONDON)).toBe('due tomorrow');
    expect(relativeDue('2026-12-07', '+010000-01-01T10:00:00Z', LONDON)).toMatch(/^[\d,]+ days overdue$/);
    expect(ukDate('0050-03-01', LONDON)).toBe('1 March 50'); // not read as 1950
    expect(() => ukDate('+010000-02-30', LONDON)).toThrow(/real calendar date/);
  });

  it('renders every email and report from its fixture with every date moved into the year 10000', () => {
    // Dates outside the API's window can only come from stored data; they must never make a render throw.
    const extended = (value: unknown): unknown => {
      if (typeof value === 'string') return value.replace(/^\d{4}(-\d{2}-\d{2})/, '+010000$1');
      if (Array.isArray(value)) return value.map(extended);
      if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, extended(v)]));
      return value;
    };
    const { emails, reports } = core.names();
    let withDates = 0;
    for (const name of emails) {
      const fixture = core.fixture('email', name);
      if (!/"\d{4}-\d{2}-\d{2}/.test(JSON.stringify(fixture))) continue;
      withDates++;
      const rendered = core.renderEmail(name, extended(fixture));
      expect({ name, shown: `${rendered.subject} ${rendered.html} ${rendered.text}`.includes('10000') }).toEqual({ name, shown: true });
    }
    expect(withDates).toBeGreaterThan(3);
    for (const name of reports)
      for (const format of ['html', 'md'] as const) expect(core.renderReport(name, format, extended(core.fixture('report', name)))).toContain('10000');
  });

  it('date helpers reject what is not a date', () => {
    expect(() => ukDate(undefined, LONDON)).toThrow('{{ukDate}} needs a date (YYYY-MM-DD) or an ISO instant, got undefined (missing from the data)');
    expect(() => ukDate('2026-02-30', LONDON)).toThrow(/real calendar date/);
    expect(() => ukDate('next Tuesday', LONDON)).toThrow(/ISO instant, got "next Tuesday"/);
  });

  it('relativeDue counts whole days', () => {
    expect(relativeDue('2026-12-07', '2026-12-07', LONDON)).toBe('due today');
    expect(relativeDue('2026-12-08', '2026-12-07', LONDON)).toBe('due tomorrow');
    expect(relativeDue('2026-12-10', '2026-12-07', LONDON)).toBe('due in 3 days');
    expect(relativeDue('2026-12-06', '2026-12-07', LONDON)).toBe('1 day overdue');
    expect(relativeDue('2026-11-25', '2026-12-07', LONDON)).toBe('12 days overdue');
    expect(relativeDue('2026-10-26', '2026-10-24', LONDON)).toBe('due in 2 days'); // across the clocks going back
    expect(relativeDue('2027-03-01', '2026-12-07', LONDON)).toBe('due in 84 days');
    expect(relativeDue('2026-12-07', '2026-12-06T23:30:00Z', LONDON)).toBe('due tomorrow'); // 23:30 GMT is still the 6th
    expect(relativeDue('2026-07-01', '2026-06-30T23:30:00Z', LONDON)).toBe('due today'); // 00:30 BST is the 1st
    expect(() => relativeDue('2026-12-07', undefined, LONDON)).toThrow(/relativeDue.*today's date/);
  });

  it('plural picks the word for the count', () => {
    expect(plural(1, 'step', 'steps')).toBe('1 step');
    expect(plural(3, 'step', 'steps')).toBe('3 steps');
    expect(plural(0, 'step', 'steps')).toBe('0 steps');
    expect(plural(1204, 'organisation', 'organisations')).toBe('1,204 organisations');
    expect(() => plural('3', 'step', 'steps')).toThrow(/needs a number/);
  });

  it('labels statuses, roles, areas and RAG in the words people use', () => {
    expect(['not-started', 'in-progress', 'awaiting-sign-off', 'done', 'waived'].map(statusLabel)).toEqual([
      'Not started',
      'In progress',
      'Awaiting sign-off',
      'Done',
      'Not applicable (waived)',
    ]);
    expect(() => statusLabel('finished')).toThrow(/does not know "finished"/);
    expect(roleLabel('clinical-lead')).toBe('Clinical lead');
    expect(roleLabel('ra-manager')).toBe('RA manager');
    expect(roleLabel('it-lead')).toBe('IT lead');
    expect(roleLabel('national-team')).toBe('National team');
    expect(roleLabel('paper-switch-off-champion')).toBe('Paper switch off champion');
    expect(areaLabel('directory-of-services')).toBe('Directory of Services');
    expect(areaLabel('registration-authority')).toBe('Registration Authority');
    expect([ragLabel('red'), ragLabel('amber'), ragLabel('green'), ragLabel(null)]).toEqual(['Red', 'Amber', 'Green', 'Not assessed']);
    expect(goLiveDelta(19)).toBe('19 days after go-live');
    expect(goLiveDelta(-1)).toBe('1 day before go-live');
    expect(goLiveDelta(0)).toBe('on the go-live date');
    expect(joinHelper(['a', 2], ', ')).toBe('a, 2');
    expect(() => joinHelper([{}], ', ')).toThrow(/only join text and numbers/);
  });

  it('are called with the right number of arguments', () => {
    const deployment = trees.create({ 'email/step-assigned/subject.hbs': '{{plural 3 "step"}}' });
    const engine = TemplateEngine.load({ coreDir: CORE, deploymentDir: deployment });
    expect(() => engine.renderEmail('step-assigned', core.fixture('email', 'step-assigned'))).toThrow(/\{\{plural\}\} takes 3 arguments, got 2/);
  });
});

describe('ROLE_DUTIES', () => {
  it('covers every person role with a label and sourced duties', () => {
    expect(Object.keys(ROLE_DUTIES).sort()).toEqual([...PERSON_ROLES].sort());
    for (const role of PERSON_ROLES) {
      expect(ROLE_DUTIES[role].label).toBe(roleLabel(role));
      expect(ROLE_DUTIES[role].duties.length).toBeGreaterThan(0);
      for (const duty of ROLE_DUTIES[role].duties) expect(duty.source).toMatch(/^https:\/\/(digital\.nhs\.uk|www\.england\.nhs\.uk)\//);
    }
  });

  it('tells booking clerks which worklists to monitor daily', () => {
    const text = ROLE_DUTIES['booking-clerk'].duties.map((d) => d.text).join(' ');
    for (const worklist of ['Referrals for Review', 'Appointment Slot Issues', 'Appointments for Booking', 'Advice and Guidance Requests'])
      expect(text).toContain(worklist);
    expect(text).toMatch(/every working day/);
  });
});

describe('escapeMarkdown', () => {
  it('neutralises Markdown syntax and line breaks, leaving ordinary text readable', () => {
    expect(escapeMarkdown("St Anne & St Luke's (RK2), 2026.11.1")).toBe("St Anne & St Luke's (RK2), 2026.11.1");
    expect(escapeMarkdown('[x](y) *b* _i_ `c` <b> a|b ~s~')).toBe('\\[x\\](y) \\*b\\* \\_i\\_ \\`c\\` \\<b\\> a\\|b \\~s\\~');
    expect(escapeMarkdown('&lt; and &#60;')).toBe('\\&lt; and \\&#60;');
    expect(escapeMarkdown('# heading')).toBe('\\# heading');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('---')).toBe('\\---');
    expect(escapeMarkdown('+010000-01-15T09:00:00.000Z')).toBe('+010000-01-15T09:00:00.000Z'); // an ISO instant a date helper must still read
    expect(escapeMarkdown('-3 days')).toBe('-3 days');
    expect(escapeMarkdown('1. first')).toBe('1\\. first');
    expect(escapeMarkdown('line one\r\n\r\nline two')).toBe('line one line two');
  });
});
