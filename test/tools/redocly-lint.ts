import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../apps/onramp/src/shared/config/project-root';

export interface OpenApiLint {
  errors: number;
  warnings: number;
  /** One line per problem: severity, rule, where in the document, and what is wrong. */
  report: string;
}

interface RedoclyJson {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
}

/** Lints an OpenAPI document with Redocly CLI (the rules in redocly.yaml) from a temporary file. */
export function lintOpenApi(document: object): OpenApiLint {
  const root = projectRoot();
  const dir = mkdtempSync(join(tmpdir(), 'onramp-openapi-'));
  const file = join(dir, 'openapi.json');
  try {
    writeFileSync(file, JSON.stringify(document, null, 2));
    // Run on this Node (24), not whatever `node` is first on the PATH; no telemetry, no update check.
    const cli = join(root, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
    const run = spawnSync(process.execPath, [cli, 'lint', file, '--config', join(root, 'redocly.yaml'), '--format=json'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    let result: RedoclyJson;
    try {
      result = JSON.parse(run.stdout) as RedoclyJson;
    } catch {
      throw new Error(`redocly lint did not answer with JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
    }
    const report = result.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`).join('\n');
    return { errors: result.totals.errors, warnings: result.totals.warnings, report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
