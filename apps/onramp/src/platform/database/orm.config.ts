import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/core';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SqliteDriver } from '@mikro-orm/sqlite';
import type { DatabaseUrl } from '../../shared/config/app-config';
import { migratePgBoss, type DatabaseHandle } from '../jobs/pg-boss-schema';
import { ENTITIES } from './entities';
import { POSTGRESQL_MIGRATIONS, SQLITE_MIGRATIONS } from './migrations';

/** One ORM configuration for either database; the migrations differ per dialect. */
export function ormOptions(database: DatabaseUrl): Partial<Options> {
  const common = {
    entities: ENTITIES,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    allowGlobalContext: false,
    debug: false,
    discovery: { warnWhenNoEntities: true },
  } satisfies Partial<Options>;
  if (database.kind === 'sqlite') {
    if (database.path !== ':memory:') mkdirSync(dirname(database.path), { recursive: true });
    return {
      ...common,
      driver: SqliteDriver,
      dbName: database.path,
      migrations: { migrationsList: SQLITE_MIGRATIONS, transactional: true, allOrNothing: true, silent: true, snapshot: false },
    } as Partial<Options>;
  }
  return {
    ...common,
    driver: PostgreSqlDriver,
    clientUrl: database.url,
    migrations: { migrationsList: POSTGRESQL_MIGRATIONS, transactional: true, allOrNothing: true, silent: true, snapshot: false },
  } as Partial<Options>;
}

export async function openDatabase(database: DatabaseUrl): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(database));
  if (database.kind === 'sqlite') {
    // WAL lets readers run beside the single writer; the busy timeout makes a second process wait, not fail.
    const connection = orm.em.getConnection();
    await connection.execute('pragma journal_mode = wal');
    await connection.execute('pragma busy_timeout = 5000');
    await connection.execute('pragma foreign_keys = on');
  }
  return orm;
}

/** Applies pending migrations, then (on PostgreSQL) installs or upgrades pg-boss's schema; returns what was applied. */
export async function migrate(orm: Pick<MikroORM, 'migrator' | 'config'> & DatabaseHandle): Promise<string[]> {
  const applied = (await orm.migrator.up()).map((m) => m.name);
  if (orm.config.get('driver') === PostgreSqlDriver) {
    const pgBoss = await migratePgBoss(orm);
    if (pgBoss) applied.push(pgBoss);
  }
  return applied;
}
