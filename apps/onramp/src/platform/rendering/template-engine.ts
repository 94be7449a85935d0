import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { escapeMarkdownDeep } from './markdown-escape';
import { checkTimezone, handlebarsHelpers, HELPER_NAMES, STRICT_BLOCK_HELPERS } from './template-helpers';
import type { EmailTemplateName, ReportTemplateName } from './template-models';

/** A template tree that cannot be used: the message names the file, the problem and the fix. Thrown at start-up only. */
export class TemplateLoadError extends Error {
  override readonly name = 'TemplateLoadError';
}

/** Asked for a template that no templates folder provides. */
export class UnknownTemplateError extends Error {
  override readonly name = 'UnknownTemplateError';
}

/**
 * Rendering failed, usually because the data lacks a field the template uses (strict mode). The
 * message names the file, the line and the missing value; `summary` says the same without any
 * value taken from the data, for logs and stored records.
 */
export class TemplateRenderError extends Error {
  override readonly name = 'TemplateRenderError';
  constructor(
    message: string,
    readonly details: {
      /** The template file (or partial, or layout) that failed. */
      file: string;
      /** `email/step-assigned`, `report/readiness`, `layout/email`. */
      template: string;
      /** One line with the file and the problem, and no value from the data. */
      summary: string;
      cause: unknown;
    },
  ) {
    super(message, { cause: details.cause });
  }
}

export const TEMPLATE_ENGINE = Symbol('TemplateEngine');

export const REQUIRED_EMAILS: readonly EmailTemplateName[] = [
  'step-assigned',
  'step-unblocked',
  'step-due-soon',
  'step-overdue',
  'sign-off-requested',
  'step-reopened',
  'role-welcome',
  'password-reset',
  'weekly-digest',
  'compliance-report',
];
export const REQUIRED_REPORTS: readonly ReportTemplateName[] = ['readiness', 'portfolio', 'compliance'];
const REQUIRED_LAYOUTS = ['email', 'report'] as const;

export type TemplateKind = 'email' | 'report';
export type EmailPart = 'subject' | 'html' | 'text';
export type ReportPart = 'html' | 'md';

const KIND_FOLDER: Record<TemplateKind, string> = { email: 'email', report: 'reports' };
const PARTS: Record<TemplateKind, readonly string[]> = { email: ['subject', 'html', 'text'], report: ['html', 'md'] };
const FILES: Record<TemplateKind, readonly string[]> = {
  email: ['subject.hbs', 'html.hbs', 'text.hbs', 'fixture.json'],
  report: ['html.hbs', 'md.hbs', 'fixture.json'],
};
/** `web/` holds the dashboard's templates, which this engine does not render. */
const TOP_LEVEL = ['layouts', 'partials', 'email', 'reports', 'web'] as const;
const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Partials named `text-…` render plain text (no HTML escaping) for subjects, text bodies and Markdown. */
const PLAIN_PARTIAL = /^text-/;
/** The only values that may be inserted unescaped: our own rendered body, and charts drawn by our own code. */
const RAW_ALLOWED = { layout: ['body'], reportHtml: ['charts.areas', 'charts.progress'] };

export interface TemplateEngineOptions {
  /** templates/ of the repository: the defaults. */
  coreDir: string;
  /** Enabled plugins' template folders in configuration order; a later plugin overrides an earlier one. */
  pluginDirs?: { pluginId: string; dir: string }[];
  /** ONRAMP_TEMPLATES_DIR: the deployment's overrides, over everything else. */
  deploymentDir?: string | null;
  /** IANA time zone for dates shown to people; default Europe/London. */
  timezone?: string;
}

type Render = Handlebars.TemplateDelegate;

interface Built {
  layouts: Record<(typeof REQUIRED_LAYOUTS)[number], Render>;
  layoutFiles: Record<(typeof REQUIRED_LAYOUTS)[number], string>;
  emails: ReadonlyMap<string, CompiledTemplate>;
  reports: ReadonlyMap<string, CompiledTemplate>;
  /** Every .hbs file's text, to quote the expression a render error is about without reading files again. */
  texts: ReadonlyMap<string, string>;
}

interface Source {
  /** Path relative to a templates root, e.g. `email/step-assigned/html.hbs`. */
  key: string;
  file: string;
  /** The templates root the winning file came from. */
  root: string;
  layer: string;
}

interface CompiledTemplate {
  kind: TemplateKind;
  name: string;
  parts: Record<string, Render>;
  fixture: unknown;
  files: Record<string, string>;
  /** The most specific folder that provided a file of this template. */
  source: string;
}

/** Handlebars' compiler classes: public on every environment, missing from its type definitions. */
interface HandlebarsCompilerInternals {
  Compiler: new () => { compile(ast: hbs.AST.Program, options: CompileOptions): unknown };
  JavaScriptCompiler: new () => { compile(environment: unknown, options: CompileOptions, context: undefined, asObject: true): unknown };
}

/**
 * Renders Onramp's emails and reports from Handlebars templates.
 *
 * Built once at start-up ({@link TemplateEngine.load}): the core templates, then each plugin's, then
 * the deployment's are merged file by file; every file is parsed, checked and compiled in one
 * isolated Handlebars environment in strict mode, so a bad template stops start-up with a message
 * naming the file, and nothing is ever compiled while rendering.
 */
export class TemplateEngine {
  private readonly layouts: Built['layouts'];
  private readonly layoutFiles: Built['layoutFiles'];
  private readonly emails: Built['emails'];
  private readonly reports: Built['reports'];
  private readonly texts: Built['texts'];

  private constructor(built: Built) {
    this.layouts = built.layouts;
    this.layoutFiles = built.layoutFiles;
    this.emails = built.emails;
    this.reports = built.reports;
    this.texts = built.texts;
  }

  static load(opts: TemplateEngineOptions): TemplateEngine {
    const timezone = opts.timezone ?? 'Europe/London';
    try {
      checkTimezone(timezone);
    } catch (e) {
      throw new TemplateLoadError(`Template time zone: ${(e as Error).message}`);
    }
    const layers = [
      { layer: 'core', dir: opts.coreDir, fix: 'restore the templates/ folder of the Onramp release' },
      ...(opts.pluginDirs ?? []).map((p) => ({ layer: `plugin ${p.pluginId}`, dir: p.dir, fix: `fix the "templates" entry of plugin "${p.pluginId}"` })),
      ...(opts.deploymentDir ? [{ layer: 'deployment', dir: opts.deploymentDir, fix: 'fix ONRAMP_TEMPLATES_DIR (templatesDir in the configuration)' }] : []),
    ];
    const merged = new Map<string, Source>();
    for (const l of layers) for (const s of scanRoot(l.dir, l.layer, l.fix)) merged.set(s.key, s);
    return new TemplateEngine(
      new Compiler(
        merged,
        timezone,
        layers.map((l) => l.dir),
      ).build(),
    );
  }

  /** Renders an email: a one-line subject, the HTML body inside the email layout, and the plain-text body. */
  renderEmail(name: EmailTemplateName | (string & {}), data: unknown): { subject: string; html: string; text: string } {
    const t = this.find('email', name);
    const subject = oneLine(this.run(t, 'subject', data));
    const body = this.run(t, 'html', data);
    const html = this.runLayout('email', { ...emailLayoutContext(data), body, subject, title: subject });
    return { subject, html, text: this.run(t, 'text', data) };
  }

  /** Renders a report as a standalone printable HTML page (inside the report layout) or as Markdown. */
  renderReport(name: ReportTemplateName | (string & {}), format: 'html' | 'md', data: unknown): string {
    const t = this.find('report', name);
    if (format === 'md') return this.run(t, 'md', escapeMarkdownDeep(data));
    if (format !== 'html') throw new UnknownTemplateError(`Report format "${String(format)}" is not available; use "html" or "md"`);
    const body = this.run(t, 'html', data);
    return this.runLayout('report', { body, title: firstHeading(body) ?? 'Onramp report' });
  }

  /** Every template name available after merging core, plugin and deployment folders. */
  names(): { emails: string[]; reports: string[] } {
    return { emails: [...this.emails.keys()].sort(), reports: [...this.reports.keys()].sort() };
  }

  /** The parsed fixture.json of the winning template folder (a fresh copy each call). */
  fixture(kind: TemplateKind, name: string): unknown {
    return structuredClone(this.find(kind, name).fixture);
  }

  /** The folder the template came from: the most specific one (deployment, then plugins, then core) that provided any of its files. */
  source(kind: TemplateKind, name: string): string {
    return this.find(kind, name).source;
  }

  /** Which file each part of a template comes from, e.g. `{ subject: '/…/templates/email/x/subject.hbs', … }`. */
  files(kind: TemplateKind, name: string): Record<string, string> {
    return { ...this.find(kind, name).files };
  }

  private find(kind: TemplateKind, name: string): CompiledTemplate {
    if (kind !== 'email' && kind !== 'report') throw new UnknownTemplateError(`Unknown template kind "${String(kind)}"; use "email" or "report"`);
    const t = (kind === 'email' ? this.emails : this.reports).get(name);
    if (!t) {
      const known = [...(kind === 'email' ? this.emails : this.reports).keys()].sort().join(', ');
      throw new UnknownTemplateError(`Unknown ${kind} template "${name}". Known ${kind} templates: ${known}`);
    }
    return t;
  }

  private run(t: CompiledTemplate, part: string, data: unknown): string {
    const render = t.parts[part];
    if (!render) throw new UnknownTemplateError(`The ${t.kind} template "${t.name}" has no ${part} part; it has ${Object.keys(t.parts).join(', ')}`);
    try {
      return render(data);
    } catch (e) {
      throw this.renderError(e, t.files[part], `${t.kind}/${t.name}`);
    }
  }

  private runLayout(layout: (typeof REQUIRED_LAYOUTS)[number], context: unknown): string {
    try {
      return this.layouts[layout](context);
    } catch (e) {
      throw this.renderError(e, this.layoutFiles[layout], `layout/${layout}`);
    }
  }

  /** Names the file that failed: the partial it happened in, if any, else the template rendered. */
  private renderError(e: unknown, rendered: string, template: string): TemplateRenderError {
    const file = failedIn(e) ?? rendered;
    const { message, summary } = explain(e, this.texts.get(file));
    return new TemplateRenderError(`Cannot render ${file}: ${message}`, { file, template, summary: `${file}: ${summary}`, cause: e });
  }
}

const FAILED_IN = Symbol('onramp.templateFile');

/** The innermost partial an error was thrown in (set by the partial wrappers). */
function failedIn(e: unknown): string | undefined {
  return e !== null && typeof e === 'object' ? (e as { [FAILED_IN]?: string })[FAILED_IN] : undefined;
}

/** Handlebars strict mode: `"count" not defined in undefined - 1:8` (line, zero-based column of the path). */
const STRICT_MISSING = /^"([^"]*)" not defined in .* - (\d+):(\d+)$/;
const PATH_AT = /^(?:\.\.\/|[\w@$-]+(?:[./][\w@$-]+)*)+/;

/**
 * Says what went wrong in the words of the template: the full expression a missing value was
 * reached through (`{{site.count}}`, where Handlebars says only `"count" not defined in undefined`).
 * `summary` leaves out anything taken from the data (a helper's "got …"), so it can be logged or stored.
 */
function explain(e: unknown, text: string | undefined): { message: string; summary: string } {
  const message = String((e as Error | null)?.message ?? e);
  const strict = STRICT_MISSING.exec(message);
  if (strict) {
    const [, name, line, column] = strict;
    const path = text?.split('\n')[Number(line) - 1]?.slice(Number(column)).match(PATH_AT)?.[0] ?? name;
    const said = `line ${line}: "${path}" is missing from the data`;
    return { message: `${said} ("${name}" not defined)`, summary: said };
  }
  if (e instanceof TypeError && /of (undefined|null)/.test(message)) {
    const explained = `${message} (an object this template uses is missing from the data)`;
    return { message: explained, summary: explained };
  }
  // Our strict helpers' "missing from the data" messages hold no value; the others end with the value they got.
  if (/missing from the data/.test(message)) return { message, summary: message };
  const helper = /^(\{\{#?[\w-]+\}\}[^"]*?)(?:,? got .*| does not know .*)?$/s.exec(message);
  if (helper) return { message, summary: helper[1].trim() === message ? message : `${helper[1].trim()} (the value is not shown)` };
  return { message, summary: `${(e as Error | null)?.name ?? 'Error'} while rendering (details in the server's own error are not shown)` };
}

/** Collapses whitespace (CR and LF included) so a subject is one header line that cannot inject others. */
function oneLine(s: string): string {
  return s.replace(/[\s\u0085\u2028\u2029]+/g, ' ').trim();
}

/**
 * What the email layout is rendered with, besides `body`, `subject` and `title`: the recipient and
 * organisation (or null, e.g. for the national team's compliance report) and the email's main link
 * (the step, the run or the report), so the footer can say why the person got the email.
 */
function emailLayoutContext(data: unknown): { recipient: unknown; organisation: unknown; account: unknown; link: string | null } {
  const d = (data ?? {}) as Record<string, unknown>;
  const step = d.step as Record<string, unknown> | undefined;
  const link = [step?.link, d.runLink, d.reportLink].find((l): l is string => typeof l === 'string') ?? null;
  return { recipient: d.recipient ?? null, organisation: d.organisation ?? null, account: d.account ?? null, link };
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#x60;': '`', '&#x3D;': '=' };

/** The text of the body's first <h1>, for the page title (the layout escapes it again). */
function firstHeading(html: string): string | null {
  const m = /<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(html);
  if (!m) return null;
  const text = m[1].replace(/<[^>]*>/g, '').replace(/&(amp|lt|gt|quot|#x27|#x60|#x3D);/g, (e) => ENTITIES[e] ?? e);
  return oneLine(text) || null;
}

function isDir(path: string): boolean {
  return statSync(path).isDirectory();
}

/** Files that never matter: dotfiles (.gitkeep, .DS_Store) and notes for humans. */
function ignored(entry: string): boolean {
  return entry.startsWith('.') || /\.md$/i.test(entry);
}

/** Lists the template files of one root, rejecting anything the engine would not know what to do with. */
function scanRoot(root: string, layer: string, fix: string): Source[] {
  const fail = (path: string, problem: string, how: string): never => {
    throw new TemplateLoadError(`${path}: ${problem} (${layer} templates). Fix: ${how}`);
  };
  if (!existsSync(root) || !isDir(root)) fail(root, 'templates folder does not exist', fix);
  const out: Source[] = [];
  const add = (key: string, file: string) => out.push({ key, file, root, layer });
  for (const top of readdirSync(root).sort()) {
    if (ignored(top)) continue;
    const topPath = join(root, top);
    if (!isDir(topPath))
      fail(topPath, 'unexpected file at the top of a templates folder', `move it into ${TOP_LEVEL.filter((t) => t !== 'web').join('/, ')}/ or delete it`);
    if (!(TOP_LEVEL as readonly string[]).includes(top)) {
      fail(topPath, `unknown folder "${top}"`, `use one of ${TOP_LEVEL.join(', ')} (see templates/README.md)`);
    }
    if (top === 'web') continue;
    for (const entry of readdirSync(topPath).sort()) {
      if (ignored(entry)) continue;
      const path = join(topPath, entry);
      if (top === 'layouts' || top === 'partials') {
        const name = entry.replace(/\.hbs$/, '');
        if (isDir(path) || !entry.endsWith('.hbs')) fail(path, `${top}/ holds only .hbs files`, `rename it to <name>.hbs or move it out of ${top}/`);
        if (!NAME.test(name))
          fail(
            path,
            `"${name}" is not a valid ${top === 'layouts' ? 'layout' : 'partial'} name`,
            'use lower-case letters, digits and hyphens, e.g. step-card.hbs',
          );
        add(`${top}/${entry}`, path);
        continue;
      }
      const kind: TemplateKind = top === 'email' ? 'email' : 'report';
      if (!isDir(path)) fail(path, `${top}/ holds one folder per template`, `put it in ${top}/<template-name>/`);
      if (!NAME.test(entry)) fail(path, `"${entry}" is not a valid template name`, 'use lower-case letters, digits and hyphens, e.g. step-assigned');
      for (const file of readdirSync(path).sort()) {
        if (ignored(file)) continue;
        const filePath = join(path, file);
        if (!FILES[kind].includes(file) || isDir(filePath))
          fail(filePath, `unexpected file in a ${kind} template folder`, `a ${kind} template folder holds ${FILES[kind].join(', ')}`);
        add(`${top}/${entry}/${file}`, filePath);
      }
    }
  }
  return out;
}

type OutputKind = 'html' | 'plain';

interface Parsed {
  source: Source;
  ast: hbs.AST.Program;
  output: OutputKind;
  partials: { name: string; line: number }[];
}

/** Turns the merged file map into compiled templates, or the first problem as a TemplateLoadError. */
class Compiler {
  private readonly env = Handlebars.create();
  private readonly helperNames: Record<string, boolean> = Object.fromEntries(HELPER_NAMES.map((h) => [h, true]));
  private readonly texts = new Map<string, string>();

  constructor(
    private readonly files: Map<string, Source>,
    timezone: string,
    private readonly roots: string[],
  ) {
    this.env.registerHelper(handlebarsHelpers(timezone));
    for (const name of STRICT_BLOCK_HELPERS) {
      const builtin = this.env.helpers[name] as (...args: unknown[]) => unknown;
      this.env.registerHelper(name, function (this: unknown, ...args: unknown[]) {
        if (args.length > 1 && args[0] === undefined) {
          const loc = (args[args.length - 1] as { loc?: { start?: { line?: number } } }).loc?.start?.line;
          throw new Error(`{{#${name}}}${loc ? ` on line ${loc}` : ''} got a value that is missing from the data (undefined)`);
        }
        return builtin.apply(this, args);
      });
    }
  }

  build(): Built {
    const where = this.roots.join(', ');
    for (const layout of REQUIRED_LAYOUTS) {
      if (!this.files.has(`layouts/${layout}.hbs`)) {
        throw new TemplateLoadError(
          `layouts/${layout}.hbs: missing layout; none of the templates folders (${where}) has it. Fix: restore templates/layouts/${layout}.hbs`,
        );
      }
    }
    const parsed = new Map<string, Parsed>();
    for (const s of this.files.values()) if (s.key.endsWith('.hbs')) parsed.set(s.key, this.parse(s));
    this.checkPartialUse(parsed);

    const compiled = new Map<string, Render>();
    for (const p of parsed.values()) compiled.set(p.source.key, this.compile(p));
    for (const [key, render] of compiled) {
      if (key.startsWith('partials/')) this.env.registerPartial(key.slice('partials/'.length, -'.hbs'.length), this.marking(render, this.files.get(key)!.file));
    }

    const collect = (kind: TemplateKind) => {
      const folder = KIND_FOLDER[kind];
      const names = new Set([...this.files.keys()].filter((k) => k.startsWith(`${folder}/`)).map((k) => k.split('/')[1]));
      const out = new Map<string, CompiledTemplate>();
      for (const name of [...names].sort()) {
        const dir = `${folder}/${name}`;
        const missing = FILES[kind].filter((f) => !this.files.has(`${dir}/${f}`));
        if (missing.length) {
          const have = FILES[kind].filter((f) => this.files.has(`${dir}/${f}`)).map((f) => this.files.get(`${dir}/${f}`)!.file);
          throw new TemplateLoadError(
            `${dir}/${missing[0]}: missing; a ${kind} template needs ${FILES[kind].join(', ')} and no templates folder provides ${missing.join(', ')} (found ${have.join(', ')}). Fix: add ${missing.map((m) => `${dir}/${m}`).join(', ')}`,
          );
        }
        const fixtureSource = this.files.get(`${dir}/fixture.json`)!;
        const parts: Record<string, Render> = {};
        const files: Record<string, string> = {};
        for (const part of PARTS[kind]) {
          const key = `${dir}/${part}.hbs`;
          parts[part] = compiled.get(key)!;
          files[part] = this.files.get(key)!.file;
        }
        files.fixture = fixtureSource.file;
        const contributing = FILES[kind].map((f) => this.files.get(`${dir}/${f}`)!);
        const winner = contributing.reduce((best, s) => (this.rank(s) > this.rank(best) ? s : best));
        out.set(name, { kind, name, parts, files, fixture: this.fixture(fixtureSource), source: join(winner.root, dir) });
      }
      const required: readonly string[] = kind === 'email' ? REQUIRED_EMAILS : REQUIRED_REPORTS;
      for (const name of required) {
        if (!out.has(name))
          throw new TemplateLoadError(
            `${folder}/${name}/: the required ${kind} template "${name}" is missing from every templates folder (${where}). Fix: restore templates/${folder}/${name}/`,
          );
      }
      return out;
    };
    const layouts = { email: compiled.get('layouts/email.hbs')!, report: compiled.get('layouts/report.hbs')! };
    const layoutFiles = { email: this.files.get('layouts/email.hbs')!.file, report: this.files.get('layouts/report.hbs')!.file };
    return { layouts, layoutFiles, emails: collect('email'), reports: collect('report'), texts: this.texts };
  }

  /** A partial that records its own file on an error thrown inside it, so the error names the partial rather than the template using it. */
  private marking(render: Render, file: string): Render {
    return ((context: unknown, options?: Handlebars.RuntimeOptions) => {
      try {
        return render(context, options);
      } catch (e) {
        if (e !== null && typeof e === 'object' && !(FAILED_IN in e)) Object.defineProperty(e, FAILED_IN, { value: file });
        throw e;
      }
    }) as Render;
  }

  private rank(s: Source): number {
    return this.roots.indexOf(s.root);
  }

  private fixture(s: Source): unknown {
    try {
      return JSON.parse(readFileSync(s.file, 'utf8')) as unknown;
    } catch (e) {
      throw new TemplateLoadError(
        `${s.file}: invalid fixture JSON (${(e as Error).message}). Fix: make it valid JSON with the template's data (see template-models.ts)`,
      );
    }
  }

  private outputOf(key: string): OutputKind {
    if (key.startsWith('partials/')) return PLAIN_PARTIAL.test(key.slice('partials/'.length)) ? 'plain' : 'html';
    return key.startsWith('layouts/') || key.endsWith('/html.hbs') ? 'html' : 'plain';
  }

  private parse(s: Source): Parsed {
    const fail = (problem: string, fix: string): never => {
      throw new TemplateLoadError(`${s.file}: ${problem}. Fix: ${fix}`);
    };
    let ast: hbs.AST.Program;
    const text = readFileSync(s.file, 'utf8');
    this.texts.set(s.file, text);
    try {
      ast = this.env.parse(text);
    } catch (e) {
      return fail(`does not compile: ${(e as Error).message.replace(/\s+/g, ' ').trim()}`, 'correct the Handlebars syntax at the line shown');
    }
    const output = this.outputOf(s.key);
    const rawAllowed = s.key.startsWith('layouts/') ? RAW_ALLOWED.layout : /^reports\/[^/]+\/html\.hbs$/.test(s.key) ? RAW_ALLOWED.reportHtml : [];
    const partials: Parsed['partials'] = [];
    const inline = new Set<string>();
    const partialName = (node: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement): string => {
      const n = node.name as hbs.AST.Expression;
      if (n.type === 'PathExpression') return (n as hbs.AST.PathExpression).original;
      if (n.type === 'StringLiteral') return (n as hbs.AST.StringLiteral).value;
      return fail(`dynamic partial on line ${node.loc.start.line}`, 'name the partial directly, e.g. {{> step-card}}');
    };
    const visit = (node: hbs.AST.Node | null | undefined): void => {
      if (!node) return;
      switch (node.type) {
        case 'Program':
          (node as hbs.AST.Program).body.forEach(visit);
          return;
        case 'MustacheStatement': {
          const m = node as hbs.AST.MustacheStatement;
          if (!m.escaped) {
            const path = m.path.type === 'PathExpression' ? (m.path as hbs.AST.PathExpression).original : '';
            const plain = m.params.length === 0 && !m.hash;
            if (!plain || !rawAllowed.includes(path)) {
              const allowed = rawAllowed.length
                ? `only {{{${rawAllowed.join('}}} and {{{')}}}} may be unescaped here`
                : 'no value may be unescaped in this file';
              fail(`unescaped output {{{${path || '…'}}}} on line ${m.loc.start.line}: ${allowed}`, `use {{${path || '…'}}} so the value is escaped`);
            }
          }
          return;
        }
        case 'BlockStatement': {
          const b = node as hbs.AST.BlockStatement;
          visit(b.program);
          visit(b.inverse);
          return;
        }
        case 'DecoratorBlock': {
          const d = node as unknown as { path: hbs.AST.PathExpression; params: hbs.AST.Expression[]; program: hbs.AST.Program; loc: hbs.AST.SourceLocation };
          const first = d.params[0] as hbs.AST.StringLiteral | undefined;
          if (d.path.original !== 'inline' || first?.type !== 'StringLiteral')
            fail(`unsupported decorator on line ${d.loc.start.line}`, 'only {{#*inline "name"}} is supported');
          inline.add(first!.value);
          visit(d.program);
          return;
        }
        case 'Decorator':
          return fail(`unsupported decorator on line ${node.loc.start.line}`, 'only {{#*inline "name"}} is supported');
        case 'PartialStatement':
          partials.push({ name: partialName(node as hbs.AST.PartialStatement), line: node.loc.start.line });
          return;
        case 'PartialBlockStatement': {
          const p = node as hbs.AST.PartialBlockStatement;
          partials.push({ name: partialName(p), line: p.loc.start.line });
          visit(p.program);
          return;
        }
        default:
          return;
      }
    };
    visit(ast);
    return { source: s, ast, output, partials: partials.filter((p) => !inline.has(p.name) && p.name !== '@partial-block') };
  }

  /** Every partial used exists, and HTML templates use HTML partials while plain-text templates use `text-…` ones. */
  private checkPartialUse(parsed: Map<string, Parsed>): void {
    for (const p of parsed.values()) {
      for (const use of p.partials) {
        const target = parsed.get(`partials/${use.name}.hbs`);
        const at = `${p.source.file}: partial "${use.name}" on line ${use.line}`;
        if (!target) throw new TemplateLoadError(`${at} does not exist in any templates folder. Fix: add partials/${use.name}.hbs or correct the name`);
        if (target.output !== p.output) {
          throw new TemplateLoadError(
            p.output === 'html'
              ? `${at} is a plain-text partial (text-…) used in HTML, where its output would not be escaped. Fix: use an HTML partial (a name not starting with text-)`
              : `${at} is an HTML partial used in plain text (subject, text body or Markdown), where it would HTML-escape. Fix: use a partial named text-…`,
          );
        }
      }
    }
  }

  private compile(p: Parsed): Render {
    const internals = this.env as unknown as HandlebarsCompilerInternals;
    // Handlebars.compile() defers compiling to the first render; compiling here makes every error a start-up error.
    const options: CompileOptions = {
      strict: true,
      knownHelpersOnly: true,
      // `log` would write template data to the console; the missing-helper hooks are never wanted either.
      knownHelpers: { ...this.helperNames, log: false, helperMissing: false, blockHelperMissing: false },
      noEscape: p.output === 'plain',
      data: true,
    };
    try {
      const environment = new internals.Compiler().compile(p.ast, options);
      const spec = new internals.JavaScriptCompiler().compile(environment, options, undefined, true);
      return this.env.template(spec as TemplateSpecification);
    } catch (e) {
      throw new TemplateLoadError(
        `${p.source.file}: does not compile: ${(e as Error).message.replace(/\s+/g, ' ').trim()}. Fix: use only the helpers listed in templates/README.md (${HELPER_NAMES.join(', ')}) and correct the syntax`,
      );
    }
  }
}
