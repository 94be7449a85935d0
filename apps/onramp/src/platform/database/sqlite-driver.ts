import type BetterSqlite3 from 'better-sqlite3';
import { AbstractSqlDriver, SqlitePlatform, type Configuration } from '@mikro-orm/sql';
import { SqliteConnection, MikroORM as SqliteMikroORM } from '@mikro-orm/sqlite';
import { CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type QueryResult } from 'kysely';

/** Statements kept prepared per connection: the SQL Onramp runs is a few hundred distinct texts. */
const STATEMENT_CACHE = 500;

/**
 * better-sqlite3 with two changes to Kysely's SQLite driver:
 * - every transaction begins `immediate`: a write transaction takes SQLite's write lock when it
 *   begins, so a second process on the same file (the CLI beside the server) waits in the busy
 *   handler instead of failing with "database is locked" when a deferred transaction tries to
 *   upgrade its read lock (Onramp's transactions are all writes; reads run outside them);
 * - statements are prepared once and reused (Kysely prepares each query anew, which costs more
 *   than running it for the short statements of a command).
 */
class ImmediateSqliteConnection extends SqliteConnection {
  override createKyselyDialect(options: Record<string, unknown>): Dialect {
    const dialect = super.createKyselyDialect(options);
    const createDriver = dialect.createDriver.bind(dialect);
    dialect.createDriver = (): Driver => {
      const driver = createDriver();
      const acquire = driver.acquireConnection.bind(driver);
      let cached: DatabaseConnection | null = null;
      driver.acquireConnection = async () => {
        const connection = await acquire();
        cached ??= withStatementCache(connection, (this as unknown as { database: BetterSqlite3.Database }).database);
        return cached;
      };
      driver.beginTransaction = async (connection: DatabaseConnection) => {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
      };
      return driver;
    };
    return dialect;
  }
}

function withStatementCache(connection: DatabaseConnection, db: BetterSqlite3.Database): DatabaseConnection {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string) => {
    let stmt = statements.get(sql);
    if (stmt) {
      // Most recently used last, so the oldest is evicted first.
      statements.delete(sql);
    } else {
      stmt = db.prepare(sql);
      if (statements.size >= STATEMENT_CACHE) statements.delete(statements.keys().next().value!);
    }
    statements.set(sql, stmt);
    return stmt;
  };
  return {
    async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
      const stmt = prepare(compiled.sql);
      const parameters = compiled.parameters as unknown[];
      if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
      const { changes, lastInsertRowid } = stmt.run(parameters);
      return {
        insertId: lastInsertRowid === null || lastInsertRowid === undefined ? undefined : BigInt(lastInsertRowid),
        numAffectedRows: BigInt(changes),
        rows: [],
      };
    },
    streamQuery: connection.streamQuery.bind(connection),
  };
}

export class ImmediateSqliteDriver extends AbstractSqlDriver<ImmediateSqliteConnection> {
  constructor(config: Configuration) {
    super(config, new SqlitePlatform(), ImmediateSqliteConnection, ['kysely', 'better-sqlite3']);
  }

  override getORMClass() {
    return SqliteMikroORM as never;
  }
}
