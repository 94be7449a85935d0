import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/core';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import type { DatabaseUrl } from '../../shared/config/app-config';
import type { DatabaseHandle } from '../jobs/pg-boss-schema';
import { ImmediateSqliteDriver } from './sqlite-driver';

/**
 * The tables of every context and the migrations that make them, one list per dialect. The
 * platform knows no context: the composition root (`schema/`) hands it the schema.
 */
export interface DatabaseSchema {
  entities: NonNullable<Options['entities']>;
  migrations: { sqlite: { name: string; class: unknown }[]; postgresql: { name: string; class: unknown }[] };
}

/** How long one SQLite statement waits, synchronously, for another process's write lock. */
export const SQLITE_BUSY_TIMEOUT_MS = 1000;

/** One ORM configuration for either database; the migrations differ per dialect. */
export function ormOptions(database: DatabaseUrl, schema: DatabaseSchema): Partial<Options> {
  const common = {
    entities: schema.entities,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    allowGlobalContext: false,
    debug: false,
    discovery: { warnWhenNoEntities: true },
  } satisfies Partial<Options>;
  const migrations = (list: DatabaseSchema['migrations']['sqlite']) => ({
    migrationsList: list,
    transactional: true,
    allOrNothing: true,
    silent: true,
    snapshot: false,
  });
  if (database.kind === 'sqlite') {
    if (database.path !== ':memory:') mkdirSync(dirname(database.path), { recursive: true });
    return { ...common, driver: ImmediateSqliteDriver, dbName: database.path, migrations: migrations(schema.migrations.sqlite) } as Partial<Options>;
  }
  // Loaded only for PostgreSQL: the embedded default never pays for the driver (or pg-boss) in start-up time or memory.
  const { PostgreSqlDriver } = require('@mikro-orm/postgresql') as typeof import('@mikro-orm/postgresql');
  return { ...common, driver: PostgreSqlDriver, clientUrl: database.url, migrations: migrations(schema.migrations.postgresql) } as Partial<Options>;
}

export async function openDatabase(database: DatabaseUrl, schema: DatabaseSchema): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(database, schema));
  if (database.kind === 'sqlite') {
    // WAL lets readers run beside the single writer. better-sqlite3 waits for a busy file synchronously,
    // blocking the event loop, so the busy timeout is short; the unit of work then retries a transaction
    // that found the file busy asynchronously, with backoff (see UnitOfWork), so another process is waited for.
    const connection = orm.em.getConnection();
    await connection.execute('pragma journal_mode = wal');
    await connection.execute(`pragma busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    await connection.execute('pragma foreign_keys = on');
  }
  return orm;
}

/** Applies pending migrations, then (on PostgreSQL) installs or upgrades pg-boss's schema; returns what was applied. */
export async function migrate(orm: Pick<MikroORM, 'migrator' | 'config'> & DatabaseHandle): Promise<string[]> {
  const applied = (await orm.migrator.up()).map((m) => m.name);
  if (orm.config.get('driver') !== ImmediateSqliteDriver) {
    const { migratePgBoss } = require('../jobs/pg-boss-schema') as typeof import('../jobs/pg-boss-schema');
    const pgBoss = await migratePgBoss(orm);
    if (pgBoss) applied.push(pgBoss);
  }
  return applied;
}
