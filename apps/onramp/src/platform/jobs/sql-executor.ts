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
