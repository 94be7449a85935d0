import { Migration20261122Initial as PostgresInitial } from './postgresql/migration-2026-11-22-initial';
import { Migration20261122Initial as SqliteInitial } from './sqlite/migration-2026-11-22-initial';

/**
 * Migrations are listed explicitly, one list per dialect, in the order they apply. Names are
 * stable: they are what the migrations table records.
 */
export const SQLITE_MIGRATIONS = [{ name: 'Migration20261122Initial', class: SqliteInitial }];
export const POSTGRESQL_MIGRATIONS = [{ name: 'Migration20261122Initial', class: PostgresInitial }];
