import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../apps/onramp/src/shared/config/project-root';
import { startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKinds } from '../support/test-database';

/**
 * The README's API table and the routes the server really has (its OpenAPI document) list the
 * same operations: the README once listed `GET /health`, which does not exist (`/api/v1/health` does).
 */
const ORGANISATION = '/api/v1/organisations/{ods}';

/** `METHOD /path` of every operation the README's API table names; `…` stands for /api/v1/organisations/{ods}. */
function readmeOperations(): string[] {
  const readme = readFileSync(join(projectRoot(), 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## API\n'), readme.indexOf('\n### Roles\n'));
  const table = section.split('\n').filter((line) => line.startsWith('|'));
  const firstCells = table.slice(2).map((row) => row.split(/(?<!\\)\|/)[1] ?? '');
  return firstCells.flatMap((cell) =>
    [...cell.matchAll(/`(GET|POST|PUT|PATCH|DELETE) ([^`\s?]+)/g)].map(([, method, path]) => `${method} ${path.replace(/^…/, ORGANISATION)}`),
  );
}

describe.each(testDatabaseKinds())('the README API table on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  it('names exactly the operations the server has, with their real paths', async () => {
    const doc = await t.http().get('/api/docs-json');
    expect(doc.status).toBe(200);
    const served = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const documented = readmeOperations();
    expect(documented.length).toBeGreaterThan(25);
    expect({
      documentedButNotServed: documented.filter((o) => !served.includes(o)),
      servedButNotDocumented: served.filter((o) => !documented.includes(o)),
    }).toEqual({
      documentedButNotServed: [],
      servedButNotDocumented: [],
    });
    expect(new Set(documented).size).toBe(documented.length);
  });

  it('answers the health path the README gives', async () => {
    expect(readmeOperations()).toContain('GET /api/v1/health');
    expect((await t.http().get('/api/v1/health')).status).toBe(200);
  });
});
