import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A valid third-party step; tests override what they break. */
export function pluginStep(pluginId: string, name: string, overrides: Record<string, unknown> = {}) {
  return {
    id: `${pluginId}.${name}`,
    title: `Do ${name.replace(/-/g, ' ')}`,
    area: 'governance',
    ownerRole: 'implementation-lead',
    dependsOn: ['core.appoint-implementation-lead'],
    dueOffsetDays: -60,
    evidence: [{ key: 'record', description: 'Where the record of this is kept' }],
    guidance: 'A third-party step written for the tests, in the words of its author.',
    source: 'https://digital.nhs.uk/services/e-referral-service',
    ...overrides,
  };
}

export function pluginManifest(id: string, overrides: Record<string, unknown> = {}) {
  return { id, version: '1.0.0', hostApi: '^1.0.0', organisationTypes: ['acute'], steps: [pluginStep(id, 'first-step')], ...overrides };
}

/**
 * Writes a plugin as a third party would: a folder outside the repository holding one plain
 * JavaScript module, CommonJS (`module.exports`) or ESM (`export default`), no build step.
 */
export function writePlugin(
  manifest: Record<string, unknown> | string,
  format: 'cjs' | 'esm' = 'cjs',
  dir = mkdtempSync(join(tmpdir(), `onramp-plugin-${randomBytes(3).toString('hex')}-`)),
): string {
  mkdirSync(dir, { recursive: true });
  const body = typeof manifest === 'string' ? manifest : JSON.stringify(manifest, null, 2);
  const file = join(dir, format === 'cjs' ? 'index.js' : 'index.mjs');
  writeFileSync(file, typeof manifest === 'string' ? body : format === 'cjs' ? `module.exports = ${body};\n` : `export default ${body};\n`);
  if (format === 'esm') writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'third-party-plugin', version: '1.0.0', main: 'index.mjs' }));
  return dir;
}
