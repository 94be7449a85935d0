import type { TemplateEngine, TemplateKind } from './template-engine';
import { UnknownTemplateError } from './template-engine';

export type PreviewPart = 'subject' | 'html' | 'text' | 'md';

const EMAIL_PARTS: readonly PreviewPart[] = ['subject', 'html', 'text'];
const REPORT_PARTS: readonly PreviewPart[] = ['html', 'md'];

/**
 * One part of a template rendered with its own fixture.json, exactly as it would be sent or
 * published (email HTML inside the email layout, report HTML inside the report layout). For the
 * CLI and the admin preview API; an unknown template or part throws {@link UnknownTemplateError}.
 */
export function previewTemplate(engine: TemplateEngine, kind: TemplateKind, name: string, part: PreviewPart): string {
  const parts = kind === 'email' ? EMAIL_PARTS : REPORT_PARTS;
  if (!parts.includes(part)) {
    throw new UnknownTemplateError(`A ${kind} template has no "${part}" part; use one of ${parts.join(', ')}`);
  }
  const data = engine.fixture(kind, name);
  if (kind === 'email') return engine.renderEmail(name, data)[part as 'subject' | 'html' | 'text'];
  return engine.renderReport(name, part as 'html' | 'md', data);
}
