import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { Client } from 'pg';
import type { TestDatabase } from './test-database';

/**
 * A cheap, complete picture of what is stored: for every table the database catalogue lists, its
 * row count and a digest of every row. Tables are read from the catalogue on every call, so a table
 * added by a later migration is covered without anyone listing it. Two equal fingerprints mean
 * nothing was inserted, deleted or updated in between (an update that rewrites a row with the same
 * values is not a change).
 */
export type Fingerprint = Record<string, { rows: number; digest: string }>;

export interface DatabaseFingerprinter {
  fingerprint(): Promise<Fingerprint>;
  /** The tables holding `text` anywhere in a row (for "this secret is stored nowhere"). */
  tablesContaining(text: string): Promise<string[]>;
  close(): Promise<void>;
}

/** `{table: before → after}` for every table whose fingerprint differs, including added and dropped tables. */
export function fingerprintDifferences(before: Fingerprint, after: Fingerprint): Record<string, string> {
  const differences: Record<string, string> = {};
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const [b, a] = [before[table], after[table]];
    if (b?.digest === a?.digest) continue;
    const describe = (f: Fingerprint[string] | undefined) => (f ? `${f.rows} rows (${f.digest.slice(0, 8)})` : 'absent');
    differences[table] = `${describe(b)} → ${describe(a)}`;
  }
  return differences;
}

/** One digest per table over its rows, independent of the order the database returns them in. */
function digestRows(rows: unknown[]) {
  const lines = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).sort();
  return { rows: rows.length, digest: createHash('sha256').update(lines.join('\n')).digest('hex') };
}

/**
 * Reads through its own connection (never the application's), so taking a fingerprint cannot change
 * what the application sees. `excluded` names tables that legitimately change on their own; the
 * caller keeps that list explicit.
 */
export async function openFingerprinter(db: TestDatabase, excluded: ReadonlySet<string>): Promise<DatabaseFingerprinter> {
  if (db.url.kind === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const connection = new Database(db.url.path, { readonly: true, fileMustExist: true });
    return {
      async fingerprint() {
        const tables = connection.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).all() as {
          name: string;
        }[];
        const result: Fingerprint = {};
        // One read transaction, so every table is seen at the same moment.
        connection.transaction(() => {
          for (const { name } of tables) if (!excluded.has(name)) result[name] = digestRows(connection.prepare(`select * from "${name}"`).all());
        })();
        return result;
      },
      async tablesContaining(text) {
        const tables = connection.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).all() as {
          name: string;
        }[];
        return tables
          .filter(({ name }) =>
            (connection.prepare(`select * from "${name}"`).all() as unknown[]).some((row) =>
              Object.values(row as object).some((v) => String(v).includes(text)),
            ),
          )
          .map(({ name }) => name);
      },
      async close() {
        connection.close();
      },
    };
  }
  const client = new Client({ connectionString: db.url.url });
  await client.connect();
  // Every schema but the system ones (a job engine's tables count too: pg-boss keeps its own schema), listed on every call
  // because some create their tables lazily.
  const listTables = async () =>
    (
      await client.query<{ schema: string; name: string }>(
        `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%' order by 1, 2`,
      )
    ).rows
      .map(({ schema, name }) => ({
        key: schema === 'public' ? name : `${schema}.${name}`,
        quoted: `"${schema.replace(/"/g, '""')}"."${name.replace(/"/g, '""')}"`,
      }))
      .filter(({ key }) => !excluded.has(key));
  return {
    async fingerprint() {
      const tables = await listTables();
      if (tables.length === 0) return {};
      // One statement, so one snapshot of every table; rows as text, so the digest covers every column without knowing the table's shape.
      const sql = tables
        .map(
          ({ quoted }, i) =>
            `select $${i + 1}::text as key, count(*)::int as rows, coalesce(md5(string_agg(t::text, E'\\n' order by t::text)), '') as digest from ${quoted} t`,
        )
        .join(' union all ');
      const { rows } = await client.query<{ key: string; rows: number; digest: string }>(
        sql,
        tables.map((t) => t.key),
      );
      return Object.fromEntries(rows.map((r) => [r.key, { rows: r.rows, digest: r.digest }]));
    },
    async tablesContaining(text) {
      const found: string[] = [];
      for (const { key, quoted } of await listTables()) {
        const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from ${quoted} t where strpos(t::text, $1) > 0`, [text]);
        if (rows[0].n > 0) found.push(key);
      }
      return found;
    },
    async close() {
      await client.end();
    },
  };
}

/** The files under a folder (recursively), for "no mail was written". */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => `${e.parentPath}/${e.name}`)
    .sort();
}
