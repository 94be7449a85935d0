import { TemplateEngine, TemplateLoadError, TemplateRenderError, type TemplateEngineOptions } from './template-engine';

export interface TemplateCheck {
  /** The engine, when the tree loaded and every template rendered; null otherwise. */
  engine: TemplateEngine | null;
  /** One line per problem, each naming the file. */
  problems: string[];
}

/**
 * Builds the template tree exactly as the server does ({@link TemplateEngine.load}: core, then each
 * plugin's folder in order, then the deployment's; folder layout, syntax, helpers, escaping and
 * partials checked), then renders every email (subject, HTML, text) and every report (HTML,
 * Markdown) from the fixture of its winning folder, in the same strict mode. That covers every
 * template a plugin ships or overrides, and every template using a partial or layout it overrides.
 *
 * One function for the server's start-up, `plugin:validate` and the conformance kit, so a tree
 * that passes one passes them all.
 */
export function checkTemplates(opts: TemplateEngineOptions): TemplateCheck {
  let engine: TemplateEngine;
  try {
    engine = TemplateEngine.load(opts);
  } catch (e) {
    if (e instanceof TemplateLoadError) return { engine: null, problems: [e.message] };
    throw e;
  }
  const problems: string[] = [];
  const attempt = (kind: 'email' | 'report', name: string, render: () => unknown) => {
    try {
      render();
    } catch (e) {
      if (!(e instanceof TemplateRenderError)) throw e;
      problems.push(
        `${e.message}, rendering ${kind} ${name} from ${engine.files(kind, name).fixture}. Fix: use only the fields of the ${kind}'s data (the core fixture.json shows them; template-models.ts defines them)`,
      );
    }
  };
  const { emails, reports } = engine.names();
  for (const name of emails) attempt('email', name, () => engine.renderEmail(name, engine.fixture('email', name)));
  for (const name of reports) {
    attempt('report', name, () => {
      engine.renderReport(name, 'html', engine.fixture('report', name));
      engine.renderReport(name, 'md', engine.fixture('report', name));
    });
  }
  return { engine: problems.length ? null : engine, problems };
}

/** The server's template engine: {@link checkTemplates}, failing start-up with every problem found. */
export function loadCheckedTemplates(opts: TemplateEngineOptions): TemplateEngine {
  const { engine, problems } = checkTemplates(opts);
  if (!engine) throw new TemplateLoadError(problems.length === 1 ? problems[0] : `${problems.length} template problems:\n  - ${problems.join('\n  - ')}`);
  return engine;
}
