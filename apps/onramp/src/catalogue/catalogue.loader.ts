import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parse } from 'yaml';
import { catalogueFileSchema } from './catalogue.schema';
import { describeIssues } from '../shared/validation/describe-issues';
import { checkStepGraph } from '../shared/domain/step-graph';
import type { Catalogue, StepDefinition } from '../shared/domain/step-definition';

export class CatalogueError extends Error {
  constructor(file: string, problems: string[]) {
    super(`Invalid checklist catalogue ${relative(process.cwd(), file) || file}:\n  - ${problems.join('\n  - ')}\nFix the file and start Onramp again.`);
    this.name = 'CatalogueError';
  }
}

export interface LoadedCatalogue extends Catalogue {
  /** sha256 of the validated content: tells two files with the same version apart. */
  digest: string;
  file: string;
}

/** Reads, validates and freezes the core checklist. Any problem stops start-up with a message naming the file. */
export function loadCatalogue(file: string): LoadedCatalogue {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CatalogueError(file, [`cannot read or parse YAML: ${(e as Error).message}`]);
  }
  const parsed = catalogueFileSchema.safeParse(raw);
  if (!parsed.success) throw new CatalogueError(file, describeIssues(parsed.error));
  const prefix = parsed.data.steps.filter((s) => !s.id.startsWith('core.')).map((s) => `step "${s.id}" must start with "core."`);
  const graph = checkStepGraph(parsed.data.steps).map((p) => p.message);
  if (prefix.length || graph.length) throw new CatalogueError(file, [...prefix, ...graph]);

  const steps: StepDefinition[] = parsed.data.steps.map((s) => ({ ...s, origin: { source: 'core', reason: 'core e-RS onboarding checklist' } }));
  const digest = createHash('sha256').update(JSON.stringify(parsed.data)).digest('hex');
  return deepFreeze({ version: parsed.data.version, steps, digest, file });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
