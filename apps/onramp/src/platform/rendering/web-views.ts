import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Handlebars from 'handlebars';
import { handlebarsHelpers } from './template-helpers';
import { TemplateLoadError, TemplateRenderError } from './template-engine';

/** What the page layout is rendered with (templates/web/layout.hbs). */
export interface LayoutContext {
  title: string;
  hasErrors: boolean;
  nonce: string;
  user: { name: string; email: string } | null;
  navigation: { href: string; label: string; current: boolean }[];
  csrfToken: string;
  body: string;
}

/**
 * The web application's pages, from `templates/web/`: `layout.hbs`, `partials/*.hbs` (registered
 * by file name) and `pages/**\/*.hbs` (named by path, e.g. `organisations/overview`). Built once at
 * start-up in an isolated Handlebars environment with the emails' helpers; every file is compiled
 * then, so a broken template stops start-up naming its file. Pages and the layout are strict (a
 * value the controller did not give is an error, not a blank); partials are not, so their
 * optional parameters (a hint, an error) may be left out. Output is HTML-escaped: `{{{body}}}` in
 * the layout is the only unescaped value.
 */
export class WebViews {
  private constructor(
    private readonly pages: ReadonlyMap<string, { render: Handlebars.TemplateDelegate; file: string }>,
    private readonly layoutTemplate: Handlebars.TemplateDelegate,
    private readonly layoutFile: string,
  ) {}

  static load(opts: { dir: string; timezone: string }): WebViews {
    const env = Handlebars.create();
    env.registerHelper(handlebarsHelpers(opts.timezone));
    const compile = (file: string, strict: boolean) => {
      const text = readFileSync(file, 'utf8');
      try {
        checkEscaped(Handlebars.parse(text), file.endsWith(`${sep}layout.hbs`));
        env.precompile(text, { strict, explicitPartialContext: true }); // the whole compiler runs now, not at the first request
      } catch (e) {
        throw new TemplateLoadError(`${file}: ${(e as Error).message}`);
      }
      return env.compile(text, { strict, explicitPartialContext: true });
    };
    const layoutFile = join(opts.dir, 'layout.hbs');
    if (!existsSync(layoutFile)) throw new TemplateLoadError(`${layoutFile}: the page layout is missing. Fix: restore templates/web/layout.hbs`);
    const partialsDir = join(opts.dir, 'partials');
    for (const file of hbsFiles(partialsDir))
      env.registerPartial(
        relative(partialsDir, file)
          .replace(/\.hbs$/, '')
          .split(sep)
          .join('/'),
        compile(file, false),
      );
    const pagesDir = join(opts.dir, 'pages');
    const pages = new Map<string, { render: Handlebars.TemplateDelegate; file: string }>();
    for (const file of hbsFiles(pagesDir))
      pages.set(
        relative(pagesDir, file)
          .replace(/\.hbs$/, '')
          .split(sep)
          .join('/'),
        { render: compile(file, true), file },
      );
    return new WebViews(pages, compile(layoutFile, true), layoutFile);
  }

  /** A whole page: the page template's HTML inside the layout. */
  render(page: string, data: object, layout: Omit<LayoutContext, 'body'>): string {
    const view = this.pages.get(page);
    if (!view) throw new TemplateLoadError(`no page template "${page}" in templates/web/pages/`);
    const body = run(view.render, { ...data, csrfToken: layout.csrfToken }, view.file, `web/${page}`);
    return run(this.layoutTemplate, { ...layout, body }, this.layoutFile, 'web/layout');
  }

  names(): string[] {
    return [...this.pages.keys()].sort();
  }
}

function run(template: Handlebars.TemplateDelegate, data: unknown, file: string, name: string): string {
  try {
    return template(data);
  } catch (e) {
    const message = (e as Error).message;
    throw new TemplateRenderError(`Cannot render ${file}: ${message}`, { file, template: name, summary: `${file}: ${message.split(' - ')[0]}`, cause: e });
  }
}

/** Refuses unescaped output (`{{{…}}}`, `{{&…}}`) anywhere but `{{{body}}}` in the layout. */
function checkEscaped(ast: hbs.AST.Program, isLayout: boolean): void {
  const visitor = new Handlebars.Visitor();
  visitor.MustacheStatement = function (node: hbs.AST.MustacheStatement) {
    const path = node.path.type === 'PathExpression' ? (node.path as hbs.AST.PathExpression).original : '';
    if (!node.escaped && !(isLayout && path === 'body' && node.params.length === 0))
      throw new Error(`line ${node.loc.start.line}: unescaped output ({{{…}}} or {{&…}}) is not allowed in web templates; only {{{body}}} in layout.hbs`);
    Handlebars.Visitor.prototype.MustacheStatement.call(this, node);
  };
  visitor.accept(ast);
}

function hbsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return hbsFiles(path);
      return entry.endsWith('.hbs') ? [path] : [];
    });
}
