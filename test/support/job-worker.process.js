/**
 * A job worker in a process of its own, for tests that kill one mid-job (kill -9). Runs the job
 * runner's TypeScript source directly: TypeScript's transpileModule behind a require hook, no Jest
 * and no build step. Every job it claims prints `started <jobId> <attempt>` and then never ends.
 *
 *   node job-worker.process.js '<json: { database, queue, queueOptions, settings }>'
 */
const { readFileSync } = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2023,
      esModuleInterop: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
    },
  });
  module._compile(outputText, filename);
};

const { MikroORM } = require('@mikro-orm/core');
const { createJobRunner } = require('../../apps/onramp/src/platform/jobs/jobs.provider');
const { createLogger } = require('../../apps/onramp/src/platform/logging/logger');

async function main() {
  const { database, queue, queueOptions, settings } = JSON.parse(process.argv[2]);
  // Only the connection is needed: no entities.
  const common = { entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: false };
  const orm =
    database.kind === 'sqlite'
      ? await MikroORM.init({ ...common, driver: require('@mikro-orm/sqlite').SqliteDriver, dbName: database.path })
      : await MikroORM.init({ ...common, driver: require('@mikro-orm/postgresql').PostgreSqlDriver, clientUrl: database.url });
  if (database.kind === 'sqlite') await orm.em.getConnection().execute('pragma busy_timeout = 5000');
  const runner = createJobRunner({ database, timezone: 'UTC' }, orm, { now: () => new Date() }, createLogger('silent'), settings);
  await runner.declareQueue(queue, queueOptions);
  await runner.work(queue, async (job) => {
    process.stdout.write(`started ${job.id} ${job.attempt}\n`);
    // Never ends, and keeps the process alive: the runner's own timers are unref'd, and a pending promise alone lets Node exit.
    await new Promise(() => setInterval(() => undefined, 60_000));
  });
  await runner.start();
  process.stdout.write('ready\n');
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
