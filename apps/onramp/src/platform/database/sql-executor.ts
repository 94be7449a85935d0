import type { EntityManager, MikroORM } from '@mikro-orm/core';

export type Dialect = 'sqlite' | 'postgresql';
export type Row = Record<string, unknown>;

/** Raw SQL with `?` placeholders on either database, through MikroORM's own connection or transaction. */
export interface SqlExecutor {
  query<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a statement and returns how many rows it changed. */
  execute(sql: string, params?: unknown[]): Promise<number>;
}

/** The one method of Kysely (MikroORM 7's SQL client, and its transactions) this needs; pg-boss's fromKysely adapter relies on the same. */
export interface KyselyLike {
  executeQuery(query: {
    readonly sql: string;
    readonly parameters: ReadonlyArray<unknown>;
    readonly query: unknown;
    readonly queryId: { readonly queryId: string };
  }): Promise<{ rows: unknown[]; numAffectedRows?: bigint }>;
}

/** PostgreSQL numbers its placeholders; the statements here never hold a literal `?`. */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

export function kyselyExecutor(client: KyselyLike, dialect: Dialect): SqlExecutor {
  const run = (sql: string, params: unknown[]) =>
    client.executeQuery({
      sql: dialect === 'postgresql' ? numbered(sql) : sql,
      parameters: params,
      query: { kind: 'RawNode' },
      queryId: { queryId: 'onramp-jobs' },
    });
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      return (await run(sql, params)).rows as T[];
    },
    async execute(sql: string, params: unknown[] = []) {
      return Number((await run(sql, params)).numAffectedRows ?? 0);
    },
  };
}

/** Statements outside any transaction, on the application's connection pool (one connection on SQLite). */
export function ormExecutor(orm: MikroORM, dialect: Dialect): SqlExecutor {
  return kyselyExecutor((orm.em.getConnection() as unknown as { getClient(): KyselyLike }).getClient(), dialect);
}

/** Statements inside the caller's open transaction. */
export function transactionExecutor(ctx: KyselyLike, dialect: Dialect): SqlExecutor {
  return kyselyExecutor(ctx, dialect);
}

/** Runs `work` in a new transaction on its own fork; the executor and the entity manager share it. */
export function inTransaction<T>(orm: MikroORM, dialect: Dialect, work: (sql: SqlExecutor, em: EntityManager) => Promise<T>): Promise<T> {
  return orm.em.fork().transactional((em) => work(transactionExecutor(em.getTransactionContext() as KyselyLike, dialect), em));
}

/** SQLite keeps instants as epoch milliseconds, PostgreSQL as timestamptz. */
export const toDbTime = (dialect: Dialect, date: Date): Date | number => (dialect === 'postgresql' ? date : date.getTime());

/** An instant read back as epoch milliseconds (a number, or a numeric string from PostgreSQL). */
export function fromDbTime(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return new Date(Number(value));
}

/**
 * Raw SQL for the hot paths (commands and the reads every request makes), where the entity
 * manager's bookkeeping costs ten times the statement: typed rows, and the few places the two
 * databases differ (booleans, instants, JSON, row locks).
 */
export class Sql implements SqlExecutor {
  constructor(
    private readonly executor: SqlExecutor,
    readonly dialect: Dialect,
  ) {}

  query<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.executor.query<T>(sql, params);
  }

  execute(sql: string, params: unknown[] = []): Promise<number> {
    return this.executor.execute(sql, params);
  }

  async one<T = Row>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.executor.query<T>(sql, params))[0];
  }

  /** ` for update` on PostgreSQL; a SQLite transaction holds the single write lock from its start (begin immediate). */
  get forUpdate(): string {
    return this.dialect === 'postgresql' ? ' for update' : '';
  }

  /** An instant as the ORM stores it: epoch milliseconds in SQLite, a timestamptz in PostgreSQL. */
  instant(d: Date): number | Date {
    return this.dialect === 'sqlite' ? d.getTime() : d;
  }

  readInstant(v: unknown): Date {
    return readInstant(v);
  }

  bool(b: boolean): boolean | number {
    return this.dialect === 'sqlite' ? (b ? 1 : 0) : b;
  }

  json(value: unknown): string {
    return JSON.stringify(value);
  }

  readJson<T>(v: unknown): T {
    return readJson<T>(v);
  }
}

/** An instant read back: a Date, epoch milliseconds (SQLite), or the text PostgreSQL's driver hands raw queries. */
export function readInstant(v: unknown): Date {
  if (v instanceof Date) return v;
  const instant = typeof v === 'string' && !/^\d+$/.test(v) ? new Date(v) : new Date(Number(v));
  if (Number.isNaN(instant.getTime())) throw new Error(`not an instant: ${String(v).slice(0, 40)}`);
  return instant;
}

/** JSON columns come back as text from SQLite and parsed from PostgreSQL. */
export function readJson<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

/** Raw SQL on `em`: inside its transaction when it has one, else on the connection. */
export function sqlOf(em: EntityManager, dialect: Dialect): Sql {
  const ctx = em.getTransactionContext() as KyselyLike | undefined;
  const client = ctx ?? (em.getConnection() as unknown as { getClient(): KyselyLike }).getClient();
  return new Sql(kyselyExecutor(client, dialect), dialect);
}
