// Seeds a database with many organisations that each have a run, quickly and validly. Running
// the real commands for 10,000 organisations takes about ten minutes here (two commands of ~30 ms
// each per organisation), far too long for `npm run bench`. Instead a few template organisations
// are made through the real commands (so every row, read model and audit entry is the
// application's own), then their rows are copied through the real schema under new ODS codes and
// ids, and each copy's audit chain is re-hashed and re-sealed with the domain's own functions. A
// copied trail is checked with the real verifier before the seed returns.
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { MikroORM, type EntityMetadata } from '@mikro-orm/core';
import type { Kysely } from 'kysely';
import { AppModule } from '../../apps/onramp/src/app.module';
import { AUDIT_KEYS, AuditEventEntity, AuditHeadEntity, AuditVerifier, CheckpointWriter } from '../../apps/onramp/src/audit';
import type { AuditKeys } from '../../apps/onramp/src/audit/domain/audit-signing';
import { GENESIS_HASH, hashEntry, type AuditFields } from '../../apps/onramp/src/audit/domain/hash-chain';
import { CompleteStep } from '../../apps/onramp/src/onboarding/commands/complete-step/complete-step.command';
import { SignOffStep } from '../../apps/onramp/src/onboarding/commands/sign-off-step/sign-off-step.command';
import { StartOnboarding } from '../../apps/onramp/src/onboarding/commands/start-onboarding/start-onboarding.command';
import { StartStep } from '../../apps/onramp/src/onboarding/commands/start-step/start-step.command';
import type { OnboardingRun } from '../../apps/onramp/src/onboarding/domain/onboarding-run';
import { OrganisationEntity } from '../../apps/onramp/src/organisations';
import { RegisterOrganisation } from '../../apps/onramp/src/organisations/commands/register-organisation/register-organisation.command';
import { migrate, openDatabase } from '../../apps/onramp/src/platform/database/orm.config';
import { sqlEm } from '../../apps/onramp/src/platform/database/sql-entity-manager';
import { UnitOfWork } from '../../apps/onramp/src/platform/database/unit-of-work';
import { SCHEMA } from '../../apps/onramp/src/schema';
import type { AppConfig } from '../../apps/onramp/src/shared/config/app-config';
import { addDays, toIsoDate } from '../../apps/onramp/src/shared/domain/clock';
import type { AccessRole, CommandMeta } from '../../apps/onramp/src/shared/domain/roles';

/**
 * Template codes hold letters that are not hexadecimal, so they never occur inside a hash or a
 * uuid, and none is part of another: replacing one in a row's text changes only the code.
 */
const TEMPLATES = [
  { odsCode: 'QZT1', type: 'acute', progress: 0 },
  { odsCode: 'QZT2', type: 'mental-health', progress: 4 },
  { odsCode: 'QZT3', type: 'independent-sector', progress: 8 },
] as const;

/** Properties that name the organisation a row belongs to (the audit chain is named by its organisation). */
const OWNER_PROPERTIES = ['odsCode', 'organisation', 'chain'];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const INSERT_BATCH = 400;

type Row = Record<string, unknown>;

export interface SeedResult {
  organisations: number;
  rows: number;
  ms: number;
}

/** ODS code of the i-th seeded organisation (the templates keep their own). */
export const seededOdsCode = (i: number) => `S${String(i).padStart(6, '0')}`;

/**
 * Migrates `config.database` and fills it with `count` organisations (the templates included),
 * each with a running onboarding checklist of its type, some with steps done.
 */
export async function seedOrganisations(config: AppConfig, count: number, now = new Date()): Promise<SeedResult> {
  const start = Date.now();
  const app = await migratedApplication(config);
  try {
    await makeTemplates(app, now);
    const rows = await copyTemplates(app, config, count - TEMPLATES.length);
    await checkCopiedTrail(app, seededOdsCode(0));
    // As the scheduled job of a running deployment would have: every chain's head signed into a
    // checkpoint, so the server measured next starts as a restart, not as the first start after a bulk import.
    await app.get(CheckpointWriter).checkpointMovedChains();
    return { organisations: count, rows, ms: Date.now() - start };
  } finally {
    await app.close();
  }
}

/** Migrates `config.database`, then opens the application on it without HTTP or background jobs, as the CLI does: the bench's way to write through the real commands. */
export async function migratedApplication(config: AppConfig): Promise<INestApplicationContext> {
  const orm = await openDatabase(config.database, SCHEMA);
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }
  return NestFactory.createApplicationContext(AppModule.forRoot({ ...config, backgroundJobs: false }), { logger: ['error'], abortOnError: false });
}

/** The template organisations, through the real commands: registered, run started, `progress` steps done and signed off. */
async function makeTemplates(app: INestApplicationContext, now: Date): Promise<void> {
  const bus = app.get(CommandBus);
  const meta = (role: AccessRole): CommandMeta => ({ actor: { id: `seed-${role}`, role, label: `seed ${role}` }, correlationId: `seed-${randomUUID()}` });
  for (const t of TEMPLATES) {
    await bus.execute(new RegisterOrganisation(t.odsCode, `Seeded ${t.type} organisation ${t.odsCode}`, t.type, meta('admin')));
    let run: OnboardingRun = await bus.execute(new StartOnboarding(t.odsCode, addDays(toIsoDate(now), 240), meta('implementation-lead')));
    let done = 0;
    for (const d of run.definitions) {
      if (done >= t.progress) break;
      if (!d.dependsOn.every((dep) => run.step(dep).state.status === 'done')) continue;
      run = await bus.execute(new StartStep(t.odsCode, d.id, meta('implementation-lead')));
      const evidence = d.evidence.map((e) => ({ key: e.key, reference: `https://intranet.example.nhs.uk/ers/${e.key}` }));
      run = await bus.execute(new CompleteStep(t.odsCode, d.id, evidence, 'seeded', meta('implementation-lead')));
      if (d.signOffRole) run = await bus.execute(new SignOffStep(t.odsCode, d.id, 'seeded', meta(d.signOffRole)));
      done++;
    }
  }
}

/** Copies the templates' rows in every table that belongs to an organisation, `copies` times in turn over the templates. */
async function copyTemplates(app: INestApplicationContext, config: AppConfig, copies: number): Promise<number> {
  const orm = app.get(MikroORM);
  const keys = app.get<AuditKeys>(AUDIT_KEYS);
  const db = sqlEm(orm.em.fork()).getKysely() as unknown as Kysely<Record<string, Row>>;
  const tables = [...orm.getMetadata().getAll().values()]
    .filter((meta) => !meta.embeddable && !meta.virtual)
    .map((meta) => ({ meta, owner: OWNER_PROPERTIES.find((p) => meta.properties[p]) }))
    .filter((t): t is { meta: EntityMetadata; owner: string } => t.owner !== undefined)
    // Every other table refers to the organisation's row: it is written first.
    .sort((a, b) => Number(b.meta.class === OrganisationEntity) - Number(a.meta.class === OrganisationEntity));
  const column = (meta: EntityMetadata, property: string) => meta.properties[property].fieldNames[0];

  const templates = new Map<string, Map<EntityMetadata, Row[]>>();
  for (const t of TEMPLATES) templates.set(t.odsCode, new Map());
  for (const { meta, owner } of tables) {
    const found = (await db
      .selectFrom(meta.tableName)
      .selectAll()
      .where(
        column(meta, owner),
        'in',
        TEMPLATES.map((t) => t.odsCode),
      )
      .execute()) as Row[];
    for (const row of found) {
      const byTable = templates.get(row[column(meta, owner)] as string)!;
      byTable.set(meta, [...(byTable.get(meta) ?? []), row]);
    }
  }

  const audit = orm.getMetadata().get(AuditEventEntity);
  const head = orm.getMetadata().get(AuditHeadEntity);
  const pending = new Map<EntityMetadata, Row[]>(tables.map((t) => [t.meta, []]));
  let written = 0;
  // Table by table in order, so the organisations' rows are always in before the rows that refer to them.
  const flush = async () => {
    for (const [meta, rows] of pending) {
      while (rows.length) {
        const batch = rows.splice(0, INSERT_BATCH);
        await db.insertInto(meta.tableName).values(batch).execute();
        written += batch.length;
      }
    }
  };
  // Durability of a throwaway benchmark database does not matter; the time of 10,000 commits does.
  if (config.database.kind === 'sqlite') await orm.em.getConnection().execute('pragma synchronous = off');
  for (let i = 0; i < copies; i++) {
    const template = TEMPLATES[i % TEMPLATES.length].odsCode;
    const ods = seededOdsCode(i);
    const ids = new Map<string, string>();
    const rename = (text: string) => text.replaceAll(template, ods).replace(UUID, (id) => ids.get(id) ?? ids.set(id, randomUUID()).get(id)!);
    const copy = (value: unknown): unknown => {
      if (typeof value === 'string') return rename(value);
      if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) return JSON.parse(rename(JSON.stringify(value)));
      return value;
    };
    const copyRows = (rows: Row[], generated: string[] = []) =>
      rows.map((row) => Object.fromEntries(Object.entries(row).flatMap(([k, v]) => (generated.includes(k) ? [] : [[k, copy(v)]]))));
    const rows = templates.get(template)!;
    // Generated keys (the audit entry's serial id) are left for the database to assign.
    const generated = (meta: EntityMetadata) => meta.primaryKeys.filter((p) => meta.properties[p].autoincrement).map((p) => column(meta, p));
    const trail = rechain(copyRows(rows.get(audit) ?? [], generated(audit)), audit, keys);
    for (const [meta, templateRows] of rows) {
      let copies = meta === audit ? trail : copyRows(templateRows, generated(meta));
      if (meta === head) copies = copies.map((r) => ({ ...r, [column(head, 'head')]: trail.at(-1)?.[column(audit, 'hash')] ?? GENESIS_HASH }));
      pending.set(meta, [...(pending.get(meta) ?? []), ...copies]);
    }
    if (i % 100 === 99) await flush();
  }
  await flush();
  return written;
}

/** Re-computes a copied chain's hashes and seals in sequence order, exactly as the audit trail appends them. */
function rechain(rows: Row[], audit: EntityMetadata, keys: AuditKeys): Row[] {
  const columnOf = (p: string) => audit.properties[p].fieldNames[0];
  const sorted = [...rows].sort((a, b) => Number(a[columnOf('seq')]) - Number(b[columnOf('seq')]));
  let prevHash = GENESIS_HASH;
  return sorted.map((row) => {
    const fields = Object.fromEntries(Object.keys(audit.properties).map((p) => [p, row[columnOf(p)]])) as unknown as AuditFields;
    fields.seq = Number(fields.seq);
    fields.hashVersion = Number(fields.hashVersion);
    const hash = hashEntry({ ...fields, prevHash });
    const out = { ...row, [columnOf('prevHash')]: prevHash, [columnOf('hash')]: hash, [columnOf('mac')]: keys.mac(hash) };
    prevHash = hash;
    return out;
  });
}

/** The seed is only worth measuring if the application accepts what it wrote. */
async function checkCopiedTrail(app: INestApplicationContext, ods: string): Promise<void> {
  const result = await app.get(AuditVerifier).verifyChain(app.get(UnitOfWork).reader(), ods);
  if (!result.valid) throw new Error(`the seeded audit trail of ${ods} does not verify: ${result.reason ?? JSON.stringify(result.unexplained)}`);
}
