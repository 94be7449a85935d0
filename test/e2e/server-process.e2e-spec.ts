import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inDays } from '../support/onramp-client';
import { pluginManifest, pluginStep, writePlugin } from '../support/plugin-fixtures';
import { CLI, freePort, runServer as run, startServer as start } from '../support/server-process';
import { testSigningKey } from '../support/test-app';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database';

/**
 * The server as the README starts it: the built entry point in its own process, on its embedded
 * default and on PostgreSQL. `npm test` builds dist/ first.
 */
const tokensIn = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(onr_[A-Za-z0-9_-]+)/g)].map((m) => m[1]);

describe.each(testDatabaseKinds())('the server process (npm start) on %s', (kind) => {
  let db: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dataDir = mkdtempSync(join(tmpdir(), 'onramp-demo-'));
    env = {
      DATABASE_URL: db.url.kind === 'sqlite' ? `sqlite:${db.url.path}` : db.url.url,
      ONRAMP_DATA_DIR: dataDir,
      ONRAMP_AUDIT_SIGNING_KEY_FILE: testSigningKey(mkdtempSync(join(tmpdir(), 'onramp-key-'))),
    };
  });
  afterAll(async () => db?.drop());

  it('refuses to start on an unmigrated database without --migrate, naming the fix', async () => {
    const proc = run([], { ...env, PORT: String(await freePort()) });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toMatch(/migration\(s\) behind: run "npm run migrate"/);
  });

  it('migrates, loads demo data once, keeps secrets out of the log and in private files', async () => {
    const server = await start(['--migrate', '--demo'], env);
    const base = `http://127.0.0.1:${server.port}/api/v1`;
    try {
      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok' });

      const adminFile = join(dataDir, 'admin-token');
      const demoFile = join(dataDir, 'demo-tokens.txt');
      expect(statSync(adminFile).mode & 0o777).toBe(0o600);
      expect(statSync(demoFile).mode & 0o777).toBe(0o600);
      const admin = readFileSync(adminFile, 'utf8').trim();
      const demoTokens = tokensIn(demoFile);
      expect(demoTokens.length).toBeGreaterThanOrEqual(9);

      const national = readFileSync(demoFile, 'utf8').match(/national-team[^:]*: (onr_\S+)/)![1];
      const all = (await (await fetch(`${base}/organisations`, { headers: { Authorization: `Bearer ${national}` } })).json()) as {
        items: { odsCode: string }[];
      };
      expect(all.items.map((o) => o.odsCode)).toEqual(['DEMO1', 'DEMO2']);
      const lead = readFileSync(demoFile, 'utf8').match(/DEMO1 implementation-lead: (onr_\S+)/)![1];
      const readiness = (await (await fetch(`${base}/organisations/DEMO1/readiness`, { headers: { Authorization: `Bearer ${lead}` } })).json()) as {
        score: number;
      };
      expect(readiness.score).toBeGreaterThan(0);
      expect((await fetch(`${base}/organisations/DEMO2`, { headers: { Authorization: `Bearer ${lead}` } })).status).toBe(404);
      expect((await fetch(`${base}/organisations`, { headers: { Authorization: `Bearer ${admin}` } })).status).toBe(200);

      // A request carrying a token is logged without it.
      await fetch(`${base}/organisations?token=${lead}`, { headers: { Authorization: `Bearer ${lead}` } });
      for (const secret of [admin, ...demoTokens]) expect(server.output()).not.toContain(secret);
      expect(server.output()).toContain(demoFile);
    } finally {
      await server.stop();
    }

    // A restart reuses the admin token and does not load the demo again.
    const again = await start(['--migrate', '--demo'], env);
    try {
      const admin = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
      const orgs = (await (await fetch(`http://127.0.0.1:${again.port}/api/v1/organisations`, { headers: { Authorization: `Bearer ${admin}` } })).json()) as {
        items: unknown[];
      };
      expect(orgs.items).toHaveLength(2);
      expect(again.output()).not.toMatch(/demo data loaded/);
    } finally {
      await again.stop();
    }
  });

  it('loads a third-party ES module plugin from outside the repository named in ONRAMP_PLUGINS', async () => {
    const dir = writePlugin(pluginManifest('esm-partner', { steps: [pluginStep('esm-partner', 'sign-data-sharing-agreement')] }), 'esm');
    const admin = 'e'.repeat(40);
    const server = await start(['--migrate'], { ...env, ONRAMP_PLUGINS: `acute,${dir}`, ONRAMP_ADMIN_TOKEN: admin });
    const base = `http://127.0.0.1:${server.port}/api/v1`;
    const headers = { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' };
    try {
      const plugins = (await (await fetch(`${base}/plugins`, { headers })).json()) as { items: { id: string; source: { kind: string } }[] };
      expect(plugins.items.map((p) => p.id)).toEqual(['acute', 'esm-partner']);
      expect(plugins.items[1].source.kind).toBe('path');
      expect(
        (await fetch(`${base}/organisations`, { method: 'POST', headers, body: JSON.stringify({ odsCode: 'ESM1', name: 'ESM Partner Trust', type: 'acute' }) }))
          .status,
      ).toBe(201);
      const run = (await (
        await fetch(`${base}/organisations/ESM1/onboarding`, { method: 'POST', headers, body: JSON.stringify({ goLiveDate: inDays(200) }) })
      ).json()) as { steps: { id: string }[] };
      expect(run.steps.map((s) => s.id)).toContain('esm-partner.sign-data-sharing-agreement');
    } finally {
      await server.stop();
    }
  });

  it('fails to start on a broken catalogue, naming the file and the problem', async () => {
    const broken = join(dataDir, 'broken-catalogue.yaml');
    writeFileSync(broken, 'version: "2026.11.1"\nsteps:\n  - id: core.a\n    title: A step\n    area: nowhere\n');
    const proc = run(['--migrate'], { ...env, PORT: String(await freePort()), ONRAMP_CATALOGUE_FILE: broken });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toMatch(/^Onramp failed to start: Invalid checklist catalogue/m);
    expect(proc.output()).toContain('broken-catalogue.yaml');
    expect(proc.output()).toMatch(/steps\[0\]\.area/);
  });

  it('fails to start on a DATABASE_URL it does not understand, and on a weak admin token', async () => {
    const badUrl = run([], { ...env, DATABASE_URL: 'mysql://localhost/x' });
    expect(await badUrl.exited).toBe(1);
    expect(badUrl.output()).toMatch(/DATABASE_URL must start with "sqlite:" or "postgres:\/\/"/);
    const weak = run([], { ...env, ONRAMP_ADMIN_TOKEN: 'short' });
    expect(await weak.exited).toBe(1);
    expect(weak.output()).toMatch(/ONRAMP_ADMIN_TOKEN must be at least 24 characters/);
    expect(weak.output()).not.toContain('short\n');
  });

  it.each([
    ['SMTP_URL', 'no host', 'smtp://u:hunter2secret@'],
    ['SMTP_URL', 'port 99999', 'smtp://u:hunter2secret@mail.example.nhs.uk:99999'],
    ['SMTP_URL', 'a garbage host', 'smtp://u:hunter2secret@mail relay!'],
    ['DATABASE_URL', 'port 99999', 'postgres://onramp:hunter2secret@db.example.nhs.uk:99999/onramp'],
    ['DATABASE_URL', 'no host', 'postgres://onramp:hunter2secret@/onramp'],
    ['ONRAMP_PUBLIC_URL', 'a user name and password', 'https://admin:hunter2secret@onramp.example.nhs.uk'],
  ])('fails to start on %s with %s, naming the variable on stderr without the URL or its password, and with no stack trace', async (variable, _what, url) => {
    const proc = run([], { ...env, PORT: String(await freePort()), [variable]: url });
    expect(await proc.exited).toBe(1);
    expect(proc.stderr()).toMatch(/^Onramp failed to start: /m);
    expect(proc.stderr()).toContain(variable);
    expect(proc.output()).not.toContain('hunter2secret');
    expect(proc.output()).not.toContain(url);
    expect(proc.output()).not.toMatch(/^\s+at /m);
  });
});

describe('the command line (npm run cli)', () => {
  const cli = (args: string[], env: Record<string, string> = {}, preload: string[] = []) =>
    spawnSync(process.execPath, [...preload, CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });

  it('prints its usage for --help, -h and help, and exits 0', () => {
    for (const args of [['--help'], ['-h'], ['help'], []]) {
      const res = cli(args);
      expect({ args, status: res.status }).toEqual({ args, status: 0 });
      expect(res.stdout).toMatch(/^Usage: onramp <command>/);
    }
  });

  it('refuses an unknown command with exit code 64, naming it on stderr', () => {
    const res = cli(['migrat']);
    expect(res.status).toBe(64);
    expect(res.stderr).toMatch(/^onramp: unknown command "migrat"/);
    expect(res.stdout).toBe('');
  });

  it('runs a database command without loading Nest, the templates or the PostgreSQL driver on SQLite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'onramp-cli-'));
    // Lists, as the process exits, the packages it loaded that a migration never needs.
    const probe = join(dir, 'loaded.js');
    writeFileSync(
      probe,
      `process.on('exit', () => process.stderr.write('loaded: ' + JSON.stringify([...new Set(Object.keys(require.cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f)?.[1]).filter((p) => /^(@nestjs\\/core|handlebars|pg|pg-boss|@mikro-orm\\/postgresql)$/.test(p)))]) + '\\n'));`,
    );
    const res = cli(['migrate'], { DATABASE_URL: `sqlite:${join(dir, 'cli.sqlite')}`, ONRAMP_DATA_DIR: join(dir, 'data') }, ['-r', probe]);
    expect(res.stderr).toContain('loaded: []');
    expect(res.stdout).toMatch(/^applied: /);
    expect(res.status).toBe(0);
    // The probe can see what it looks for: a command that builds the application loads Nest.
    const app = cli(['audit', 'verify'], { DATABASE_URL: `sqlite:${join(dir, 'cli.sqlite')}`, ONRAMP_DATA_DIR: join(dir, 'data') }, ['-r', probe]);
    expect(app.stderr).toMatch(/loaded: \[[^\]]*"@nestjs\/core"/);
  });
});

describe('npm run cli rebuilds only a stale build', () => {
  const script = join(__dirname, '../../apps/onramp/scripts/build-if-stale.cjs');
  const check = (root: string) => spawnSync(process.execPath, [script, '--check', root], { encoding: 'utf8' }).status;
  const at = (file: string, when: Date) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '');
    utimesSync(file, when, when);
  };

  it('is current when every compiled source is older than the build, and stale when one is newer or the build is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'onramp-build-'));
    expect(check(root)).toBe(1); // no build at all
    const built = new Date('2026-12-01T10:00:00Z');
    at(join(root, 'dist/apps/onramp/src/main.js'), built);
    at(join(root, 'dist/apps/onramp/src/cli.js'), built);
    at(join(root, 'apps/onramp/src/app.module.ts'), new Date('2026-12-01T09:00:00Z'));
    at(join(root, 'templates/email/x/html.hbs'), new Date('2026-12-01T11:00:00Z')); // read at run time: never a reason to rebuild
    at(join(root, 'test/e2e/x.e2e-spec.ts'), new Date('2026-12-01T11:00:00Z')); // not part of the build
    expect(check(root)).toBe(0);
    at(join(root, 'plugins/acute/src/index.ts'), new Date('2026-12-01T10:00:01Z'));
    expect(check(root)).toBe(1);
  });
});
