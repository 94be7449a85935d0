import 'reflect-metadata';
import './platform/runtime/compile-cache';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import type { MikroORM } from '@mikro-orm/core';
import type { TrailVerification } from './audit';
import { loadConfig, type AppConfig } from './shared/config/app-config';

// Each command loads only the modules it uses, with require() where it needs them, so a command
// that needs no application (migrate, catalogue:validate) starts without Nest, the templates or
// the plugins. The paths are literal, so the layer rules (npm run lint:layers) see every one.

/** The same application as the server, without HTTP and without the in-process schedules. */
async function applicationContext(config: AppConfig): Promise<INestApplicationContext> {
  const { NestFactory } = require('@nestjs/core') as typeof import('@nestjs/core');
  const { AppModule } = require('./app.module') as typeof import('./app.module');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, backgroundJobs: false }), { logger: ['error'], abortOnError: false });
  await app.init();
  return app;
}

async function withDatabase<T>(config: AppConfig, fn: (orm: MikroORM, o: typeof import('./platform/database/orm.config')) => Promise<T>): Promise<T> {
  const o = require('./platform/database/orm.config') as typeof import('./platform/database/orm.config');
  const { SCHEMA } = require('./schema') as typeof import('./schema');
  const orm = await o.openDatabase(config.database, SCHEMA);
  try {
    return await fn(orm, o);
  } finally {
    await orm.close();
  }
}

const USAGE = `Usage: onramp <command>

  migrate                 apply pending database migrations (DATABASE_URL selects the database)
  migrate:status          list applied and pending migrations
  catalogue:validate [f]  validate the core checklist file (default: ONRAMP_CATALOGUE_FILE)
  audit verify [ODS] [--checkpoints <folder>]...
                          verify the audit trail of one organisation, or of all: hash chain, seals,
                          signed checkpoints (also from folders of emailed checkpoint files) and a
                          replay of the stored state; exit code 2 when anything does not verify
  projections rebuild [ODS]
                          rebuild the read models (step rows, readiness summaries) of one
                          organisation, or of all, from the audit trail
  plugin:validate <spec> [--with <spec>]... [--options <json>]
                          check a plugin (path, package or built-in id) without starting the
                          server, as the conformance kit does: manifest and steps against the
                          core checklist, its templates loaded and rendered from their fixtures
                          as the server does, and every hook run on representative runs;
                          --with enables the plugins it depends on

  accounts:grant-role <email> <national-team|admin|none> [--name <name>]
                          give a person a role across every organisation (or take it away), making
                          their account if needed; prints a single-use link to set their password
                          when they have none (the first administrator starts here)

  mail:deliver            deliver every outbox message that is due now
  mail:scan-reminders     queue due-soon and overdue reminders now (the daily scan), then deliver
  mail:digest             queue this week's digest to implementation leads now, then deliver
  reports:send-compliance email the compliance report to ONRAMP_NATIONAL_RECIPIENTS now
  template:preview <email|report> <name> [subject|html|text|md]
                          render a template from its fixture.json (ONRAMP_TEMPLATES_DIR and
                          plugin overrides apply), e.g. > /tmp/x.html and open it
  template:preview-all <dir>
                          write every email (html, text, subject) and report (html, md) from
                          its fixture into <dir>

Run through npm: npm run cli -- <command>`;

const out = (line: string) => process.stdout.write(`${line}\n`);

/** The command-line entry point: the same code paths as the server, without HTTP. */
async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      with: { type: 'string', multiple: true },
      options: { type: 'string' },
      checkpoints: { type: 'string', multiple: true },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, arg] = positionals;
  if (values.help || command === 'help' || command === undefined) {
    out(USAGE);
    return 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'migrate':
      return withDatabase(config, async (orm, o) => {
        const applied = await o.migrate(orm);
        out(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
        return 0;
      });
    case 'migrate:status':
      return withDatabase(config, async (orm) => {
        for (const m of await orm.migrator.getExecuted()) out(`applied  ${m.name}`);
        for (const m of await orm.migrator.getPending()) out(`pending  ${m.name}`);
        return 0;
      });
    case 'catalogue:validate': {
      const catalogue = (require('./catalogue') as typeof import('./catalogue')).loadCatalogue(arg ?? config.catalogueFile);
      out(
        `${catalogue.file}: valid, version ${catalogue.version}, ${catalogue.steps.length} steps, ${catalogue.steps.filter((s) => s.gate).length} go-live gate steps`,
      );
      return 0;
    }
    case 'audit:verify':
    case 'audit': {
      if (command === 'audit' && arg !== 'verify') throw new Error('usage: onramp audit verify [ODS]');
      const only = command === 'audit' ? positionals[2] : arg;
      const app = await applicationContext(config);
      try {
        const verifier = app.get((require('./audit') as typeof import('./audit')).AuditVerifier);
        const em = app.get((require('./platform/database/unit-of-work') as typeof import('./platform/database/unit-of-work')).UnitOfWork).reader();
        const print = (i: number, total: number, r: TrailVerification) => {
          const name = r.chain === '*' ? 'global chain' : r.chain;
          const anchor = r.anchoredAt === null ? 'no checkpoint yet' : `checkpoint at entry ${r.anchoredAt}, ${r.unanchored} newer`;
          out(
            `[${i}/${total}] ${name}: ${r.valid ? `valid (${r.checked} entries, ${anchor})` : `BROKEN${r.firstBrokenAt ? ` at entry ${r.firstBrokenAt}` : ''}: ${r.reason ?? 'stored state the trail does not explain'}`}`,
          );
          for (const u of r.unexplained) out(`    not explained by the trail: ${u}`);
        };
        const latest = await verifier.latestCheckpoints(values.checkpoints ?? [], only?.toUpperCase());
        for (const p of latest.problems) out(`checkpoint file ${p.file}${p.line ? ` line ${p.line}` : ''}: ${p.problem}`);
        const results = only ? [await verifier.verifyChain(em, only.toUpperCase(), latest)] : await verifier.verifyAll(em, print);
        if (only) print(1, 1, results[0]);
        return results.some((r) => !r.valid) || latest.problems.length ? 2 : 0;
      } finally {
        await app.close();
      }
    }
    case 'projections': {
      if (arg !== 'rebuild') throw new Error('usage: onramp projections rebuild [ODS]');
      const only = positionals[2];
      const app = await applicationContext(config);
      try {
        const rebuild = app.get((require('./audit') as typeof import('./audit')).ProjectionRebuild);
        if (only)
          out(`${only.toUpperCase()}: ${(await rebuild.rebuild(only.toUpperCase())) ? 'read models rebuilt from the audit trail' : 'no onboarding run'}`);
        else out(`read models rebuilt from the audit trail for ${await rebuild.rebuildAll((i, total, ods) => out(`[${i}/${total}] ${ods}`))} organisation(s)`);
        return 0;
      } finally {
        await app.close();
      }
    }
    case 'plugin:validate': {
      if (!arg) throw new Error('plugin:validate needs a plugin: a path, an npm package name or a built-in id');
      const { checkPluginHooks, checkPluginTemplates, loadPluginForTest } = require('./conformance') as typeof import('./conformance');
      let options: Record<string, unknown> = {};
      if (values.options) options = JSON.parse(values.options) as Record<string, unknown>;
      const loaded = await loadPluginForTest(arg, {
        with: values.with,
        options: values.options ? options : undefined,
        catalogueFile: config.catalogueFile,
        hookTimeoutMs: config.pluginHookTimeoutMs,
      });
      const p = loaded.plugin;
      // The same checks as the conformance kit: templates as the server builds and renders them, then every hook on representative runs.
      const problems = [...checkPluginTemplates(loaded), ...(await checkPluginHooks(loaded))];
      if (problems.length) throw new Error(`plugin ${p.id}@${p.version} (${p.source.file}): ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
      out(
        `${p.source.file}: valid plugin ${p.id}@${p.version} (hostApi ${p.hostApi}), ${p.steps.length} steps for ${p.organisationTypes === '*' ? 'every organisation type' : p.organisationTypes.join(', ')}`,
      );
      for (const s of p.steps) out(`  ${s.gate ? 'gate ' : '     '}${s.id}  (${s.area}, owner ${s.ownerRole}, due ${s.dueOffsetDays} days from go-live)`);
      const hooks = [
        ...(p.hooks.appliesTo ? ['appliesTo'] : []),
        ...(p.hooks.adjustReadiness ? ['adjustReadiness'] : []),
        ...(p.hooks.complianceChecks ?? []).map((c) => `complianceChecks.${c.id}`),
      ];
      out(
        `templates: ${p.templatesDir ? `${p.templatesDir} loads with the core templates and` : 'none of its own; the core templates'} render from their fixtures`,
      );
      out(
        `hooks: ${hooks.length ? `${hooks.join(', ')} ran on representative runs of each organisation type, within ${config.pluginHookTimeoutMs} ms` : 'none'}`,
      );
      for (const w of loaded.registry.warnings) out(`warning: ${w}`);
      return 0;
    }
    case 'accounts:grant-role': {
      const email = arg?.trim().toLowerCase();
      const role = positionals[2];
      if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || !['national-team', 'admin', 'none'].includes(role ?? ''))
        throw new Error('usage: onramp accounts:grant-role <email> <national-team|admin|none> [--name "Full Name"]');
      const app = await applicationContext(config);
      try {
        const { AccountService } = require('./identity') as typeof import('./identity');
        const accounts = app.get(AccountService);
        const meta = { actor: { id: 'cli', role: 'admin' as const, label: 'Onramp command line' }, correlationId: `cli:${new Date().toISOString()}` };
        const account = await accounts.grantGlobalRole(email, values.name ?? email, role === 'none' ? null : (role as 'national-team' | 'admin'), meta);
        out(role === 'none' ? `${email} no longer has a global role` : `${email} is now ${role === 'admin' ? 'an administrator' : 'a national team member'}`);
        if (!account.passwordHash)
          out(
            `set-password link (works once, for ${config.inviteLinkHours} hours): ${await accounts.issueLink(accounts.sql(), account.id, 'set-password', null)}`,
          );
        return 0;
      } finally {
        await app.close();
      }
    }
    case 'mail:deliver':
    case 'mail:scan-reminders':
    case 'mail:digest':
    case 'reports:send-compliance': {
      const app = await applicationContext(config);
      try {
        const { ReminderScan } = require('./notifications') as typeof import('./notifications');
        const { WeeklyDigest } = require('./notifications') as typeof import('./notifications');
        const { ComplianceReportMail } = require('./notifications') as typeof import('./notifications');
        const { MailWorker } = require('./notifications') as typeof import('./notifications');
        const { systemMeta } = require('./shared/domain/roles') as typeof import('./shared/domain/roles');
        const now = new Date();
        if (command === 'mail:scan-reminders') out(`reminders queued: ${(await app.get(ReminderScan).run(now)).queued}`);
        if (command === 'mail:digest') out(`digests queued: ${(await app.get(WeeklyDigest).run(now)).queued}`);
        if (command === 'reports:send-compliance')
          out(
            `compliance reports queued: ${(await app.get(ComplianceReportMail).send(now, `cli:${now.toISOString()}`, systemMeta('cli', `cli:${now.toISOString()}`))).queued}`,
          );
        out(`messages attempted: ${await app.get(MailWorker).drain()}`);
      } finally {
        await app.close();
      }
      return 0;
    }
    case 'template:preview':
    case 'template:preview-all': {
      const { PluginRegistry } = require('./plugin-host') as typeof import('./plugin-host');
      const { TemplateEngine } = require('./platform/rendering/template-engine') as typeof import('./platform/rendering/template-engine');
      const { previewTemplate } = require('./platform/rendering/preview') as typeof import('./platform/rendering/preview');
      const { projectRoot } = require('./shared/config/project-root') as typeof import('./shared/config/project-root');
      const catalogue = (require('./catalogue') as typeof import('./catalogue')).loadCatalogue(config.catalogueFile);
      const registry = await PluginRegistry.load(config.plugins, catalogue.steps, {
        options: config.pluginOptions,
        allowIncompatible: config.allowIncompatiblePlugins,
        cwd: process.cwd(),
      });
      const engine = TemplateEngine.load({
        coreDir: join(projectRoot(), 'templates'),
        pluginDirs: registry.plugins.filter((p) => p.templatesDir).map((p) => ({ pluginId: p.id, dir: p.templatesDir! })),
        deploymentDir: config.templatesDir,
        timezone: config.timezone,
      });
      if (command === 'template:preview-all') {
        if (!arg) throw new Error('usage: template:preview-all <dir>');
        mkdirSync(arg, { recursive: true });
        const { emails, reports } = engine.names();
        for (const [i, name] of emails.entries()) {
          for (const [part, ext] of [
            ['html', 'html'],
            ['text', 'txt'],
            ['subject', 'subject.txt'],
          ] as const)
            writeFileSync(join(arg, `email-${name}.${ext}`), previewTemplate(engine, 'email', name, part));
          out(`[${i + 1}/${emails.length + reports.length}] email ${name}`);
        }
        for (const [i, name] of reports.entries()) {
          for (const part of ['html', 'md'] as const) writeFileSync(join(arg, `report-${name}.${part}`), previewTemplate(engine, 'report', name, part));
          out(`[${emails.length + i + 1}/${emails.length + reports.length}] report ${name}`);
        }
        return 0;
      }
      const [, kind, name, part] = positionals;
      if ((kind !== 'email' && kind !== 'report') || !name) throw new Error('usage: template:preview <email|report> <name> [subject|html|text|md]');
      process.stdout.write(previewTemplate(engine, kind, name, (part ?? 'html') as 'subject' | 'html' | 'text' | 'md'));
      return 0;
    }
    default:
      process.stderr.write(`onramp: unknown command "${command}"\n\n${USAGE}\n`);
      return 64;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`onramp: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
