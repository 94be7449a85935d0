import 'reflect-metadata';
import './platform/runtime/compile-cache';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MikroORM } from '@mikro-orm/core';
import { loadSigningKey } from './audit';
import { createHttpApp } from './http-app';
import { isEmpty, loadDemoData } from './demo';
import { migrate } from './platform/database/orm.config';
import { createLogger } from './platform/logging/logger';
import { loadConfig, type AppConfig } from './shared/config/app-config';

/**
 * `node main.js [--migrate] [--demo]`. `npm start` passes both: the embedded demo applies
 * migrations and loads demo data into an empty database. Without `--migrate` the server refuses to
 * start on an out-of-date schema rather than change it silently (run `npm run migrate`).
 */
async function main() {
  const { values } = parseArgs({ options: { migrate: { type: 'boolean', default: false }, demo: { type: 'boolean', default: false } } });
  let config = loadConfig();
  const log = createLogger(config.logLevel);
  if (!config.adminToken && values.demo) config = { ...config, adminToken: demoAdminToken(config, log.info.bind(log)) };
  if (values.demo) {
    // The demo generates its audit signing key under the data folder (mode 600) on first start.
    const key = loadSigningKey(config, { demo: true });
    if (key.source.kind === 'demo' && key.source.generated) log.info({ file: key.source.file }, 'audit signing key generated for the demo');
  }
  for (const warning of auditKeyWarnings(config)) log.warn(warning);

  const app = await createHttpApp(config);
  // Before init: the job runner starts on bootstrap and needs its tables.
  const orm = app.get(MikroORM);
  if (values.migrate) {
    const applied = await migrate(orm);
    if (applied.length) log.info({ applied }, 'database migrations applied');
  } else {
    const pending = await orm.migrator.getPending();
    if (pending.length) throw new Error(`the database schema is ${pending.length} migration(s) behind: run "npm run migrate" first`);
  }
  await app.init(); // registers the command handlers the demo loader uses
  if (values.demo && (await isEmpty(app))) {
    const files = await loadDemoData(app, config.dataDir, new Date());
    log.info({ file: files.tokens }, 'demo data loaded; demo API tokens were written to the file named here');
  }
  await app.listen({ port: config.port, host: config.host });
  const where = config.publicUrl;
  log.info({ url: where, docs: `${where}/api/docs`, database: config.database.kind }, 'Onramp is listening');
  if (values.demo) {
    // Said plainly on the console (not only in the log line): where to go and how to sign in.
    process.stdout.write(
      `\nOnramp is running at ${where}\nSign in as one of the demo people: their emails and passwords are in ${join(config.dataDir, 'demo-sign-in.txt')}\n\n`,
    );
  }
  if (!config.adminToken)
    log.warn('ONRAMP_ADMIN_TOKEN is not set: nobody can create organisations or tokens. Set it to a long random secret (openssl rand -hex 32).');
}

/** The demo keeps its admin token in <dataDir>/admin-token (mode 600) so it survives restarts and never reaches the log. */
function demoAdminToken(config: AppConfig, info: (obj: object, msg: string) => void): string {
  const file = join(config.dataDir, 'admin-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const token = `onr_admin_${randomBytes(32).toString('base64url')}`;
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  info({ file }, 'ONRAMP_ADMIN_TOKEN is not set: a demo admin token was generated and written to the file named here');
  return token;
}

main().catch((e: unknown) => {
  process.stderr.write(`Onramp failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

/** Problems with the audit signing key that should not stop the server (a key file others can read). */
function auditKeyWarnings(config: AppConfig): string[] {
  if (!config.auditSigningKeyFile) return [];
  return loadSigningKey(config, { demo: false }).warnings;
}
