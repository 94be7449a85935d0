import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DatabaseUrl } from '../../apps/onramp/src/shared/config/app-config';

export type DatabaseKind = 'sqlite' | 'postgresql';

/**
 * The databases every e2e suite runs against: both by default. A suite never skips a database
 * that is unavailable: it fails, naming the server it could not reach.
 */
export function testDatabaseKinds(): DatabaseKind[] {
  const raw = process.env.ONRAMP_TEST_DATABASES ?? 'sqlite,postgresql';
  const kinds = raw
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  for (const k of kinds) if (k !== 'sqlite' && k !== 'postgresql') throw new Error(`ONRAMP_TEST_DATABASES: unknown database "${k}"`);
  return kinds as DatabaseKind[];
}

/** The PostgreSQL server tests create their databases on: TEST_POSTGRES_URL, else a postgres DATABASE_URL, else the local server. */
export function postgresServerUrl(): string {
  if (process.env.TEST_POSTGRES_URL) return process.env.TEST_POSTGRES_URL;
  if (process.env.DATABASE_URL?.startsWith('postgres')) return process.env.DATABASE_URL;
  return 'postgres://postgres@127.0.0.1:5432/test';
}

export interface TestDatabase {
  kind: DatabaseKind;
  url: DatabaseUrl;
  /** Runs raw SQL against the database, bypassing Onramp (for tampering tests). */
  sql(statement: string, params?: unknown[]): Promise<unknown[]>;
  drop(): Promise<void>;
}

/** A fresh, empty database per suite: a SQLite file in a temporary folder, or a new PostgreSQL database. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'onramp-test-'));
    const path = join(dir, 'onramp.sqlite');
    const { default: Database } = await import('better-sqlite3');
    return {
      kind,
      url: { kind: 'sqlite', path },
      async sql(statement, params = []) {
        const db = new Database(path);
        try {
          const prepared = db.prepare(statement);
          return prepared.reader ? prepared.all(...params) : [prepared.run(...params)];
        } finally {
          db.close();
        }
      },
      async drop() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const server = postgresServerUrl();
  const name = `onramp_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: server, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(`PostgreSQL is required by the e2e suite and is not reachable at ${server.replace(/\/\/[^@]*@/, '//')}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  const connectionString = url.toString();
  return {
    kind,
    url: { kind: 'postgresql', url: connectionString },
    async sql(statement, params = []) {
      const client = new Client({ connectionString });
      await client.connect();
      try {
        return (await client.query(statement, params)).rows;
      } finally {
        await client.end();
      }
    },
    async drop() {
      const client = new Client({ connectionString: server });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
