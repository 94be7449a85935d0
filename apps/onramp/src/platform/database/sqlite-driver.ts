import { AbstractSqlDriver, SqlitePlatform, type Configuration } from '@mikro-orm/sql';
import { SqliteConnection, MikroORM as SqliteMikroORM } from '@mikro-orm/sqlite';
import { CompiledQuery, type DatabaseConnection, type Dialect, type Driver } from 'kysely';

/**
 * better-sqlite3 with every transaction begun `immediate`: a write transaction takes SQLite's
 * write lock when it begins, so a second process on the same file (the CLI beside the server)
 * waits in the busy handler instead of failing with "database is locked" when a deferred
 * transaction tries to upgrade its read lock. Onramp's transactions are all writes; reads run
 * outside transactions.
 */
class ImmediateSqliteConnection extends SqliteConnection {
  override createKyselyDialect(options: Record<string, unknown>): Dialect {
    const dialect = super.createKyselyDialect(options);
    const createDriver = dialect.createDriver.bind(dialect);
    dialect.createDriver = (): Driver => {
      const driver = createDriver();
      driver.beginTransaction = async (connection: DatabaseConnection) => {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
      };
      return driver;
    };
    return dialect;
  }
}

export class ImmediateSqliteDriver extends AbstractSqlDriver<ImmediateSqliteConnection> {
  constructor(config: Configuration) {
    super(config, new SqlitePlatform(), ImmediateSqliteConnection, ['kysely', 'better-sqlite3']);
  }

  override getORMClass() {
    return SqliteMikroORM as never;
  }
}
