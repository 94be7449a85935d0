import { Migration20261122Initial as PostgresInitial } from './postgresql/migration-2026-11-22-initial';
import { Migration20261122MailOutbox as PostgresMailOutbox } from './postgresql/migration-2026-11-22-mail-outbox';
import { Migration20261201AuthFailures as PostgresAuthFailures } from './postgresql/migration-2026-12-01-auth-failures';
import { Migration20261201Footing as PostgresFooting } from './postgresql/migration-2026-12-01-footing';
import { Migration20261201Jobs as PostgresJobs } from './postgresql/migration-2026-12-01-jobs';
import { Migration20261201UnsealedIndex as PostgresUnsealedIndex } from './postgresql/migration-2026-12-01-unsealed-index';
import { Migration20261202Accounts as PostgresAccounts } from './postgresql/migration-2026-12-02-accounts';
import { Migration20261202Accounts as SqliteAccounts } from './sqlite/migration-2026-12-02-accounts';
import { Migration20261122Initial as SqliteInitial } from './sqlite/migration-2026-11-22-initial';
import { Migration20261122MailOutbox as SqliteMailOutbox } from './sqlite/migration-2026-11-22-mail-outbox';
import { Migration20261201AuthFailures as SqliteAuthFailures } from './sqlite/migration-2026-12-01-auth-failures';
import { Migration20261201Footing as SqliteFooting } from './sqlite/migration-2026-12-01-footing';
import { Migration20261201Jobs as SqliteJobs } from './sqlite/migration-2026-12-01-jobs';
import { Migration20261201JobsDueIndex as SqliteJobsDueIndex } from './sqlite/migration-2026-12-01-jobs-due-index';
import { Migration20261201SummaryColumns as SqliteSummaryColumns } from './sqlite/migration-2026-12-01-summary-columns';
import { Migration20261201UnsealedIndex as SqliteUnsealedIndex } from './sqlite/migration-2026-12-01-unsealed-index';

/**
 * Migrations are listed explicitly, one list per dialect, in the order they apply. Names are
 * stable: they are what the migrations table records.
 */
export const SQLITE_MIGRATIONS = [
  { name: 'Migration20261122Initial', class: SqliteInitial },
  { name: 'Migration20261122MailOutbox', class: SqliteMailOutbox },
  { name: 'Migration20261201Footing', class: SqliteFooting },
  { name: 'Migration20261201Jobs', class: SqliteJobs },
  { name: 'Migration20261201AuthFailures', class: SqliteAuthFailures },
  // SQLite only: on PostgreSQL, pg-boss keeps its own tables and indexes.
  { name: 'Migration20261201JobsDueIndex', class: SqliteJobsDueIndex },
  // SQLite only: PostgreSQL stores the long readiness document out of line.
  { name: 'Migration20261201SummaryColumns', class: SqliteSummaryColumns },
  { name: 'Migration20261201UnsealedIndex', class: SqliteUnsealedIndex },
  { name: 'Migration20261202Accounts', class: SqliteAccounts },
];
export const POSTGRESQL_MIGRATIONS = [
  { name: 'Migration20261122Initial', class: PostgresInitial },
  { name: 'Migration20261122MailOutbox', class: PostgresMailOutbox },
  { name: 'Migration20261201Footing', class: PostgresFooting },
  { name: 'Migration20261201Jobs', class: PostgresJobs },
  { name: 'Migration20261201AuthFailures', class: PostgresAuthFailures },
  { name: 'Migration20261201UnsealedIndex', class: PostgresUnsealedIndex },
  { name: 'Migration20261202Accounts', class: PostgresAccounts },
];
