import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createHttpApp } from '../../apps/onramp/src/http-app';
import { migrate } from '../../apps/onramp/src/platform/database/orm.config';
import { loadConfig, type AppConfig } from '../../apps/onramp/src/shared/config/app-config';
import type { Clock } from '../../apps/onramp/src/shared/domain/clock';
import { testSigningKey } from './server-process';
import { validatorFor, type OpenApiResponseValidator } from './openapi-validator';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './test-database';

export interface TestApp {
  app: NestFastifyApplication;
  db: TestDatabase;
  config: AppConfig;
  adminToken: string;
  /** supertest on the app; every response is checked against the OpenAPI document (see openapi-validator.ts). */
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

const dataDirs = new WeakMap<TestDatabase, string>();

/** Boots the real HTTP application on a fresh database of the given kind, with migrations applied. */
export async function startTestApp(kind: DatabaseKind, overrides: Partial<AppConfig> & { clock?: Clock; reuse?: TestDatabase } = {}): Promise<TestApp> {
  const { clock, reuse, ...configOverrides } = overrides;
  // A suite may restart the app on the same database (e.g. after a plugin upgrade); it then owns dropping it.
  const db = reuse ?? (await createTestDatabase(kind));
  const adminToken = `test-admin-${randomBytes(16).toString('hex')}`;
  // Restarting on the same database keeps its data folder, and so its audit signing key and checkpoints.
  const dataDir = configOverrides.dataDir ?? (reuse ? dataDirs.get(reuse) : undefined);
  const config = testConfig({
    database: db.url,
    mailWorkerIntervalMs: 100,
    mailRetryBaseMs: 50,
    adminToken,
    ...configOverrides,
    ...(dataDir ? { dataDir } : {}),
  });
  dataDirs.set(db, config.dataDir);
  const app = await createHttpApp(config, clock);
  await migrate(app.get(MikroORM));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const served = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/api/docs-json' });
  if (served.statusCode !== 200) throw new Error(`the OpenAPI document did not load: ${served.statusCode} ${served.body}`);
  const validator = validatorFor(served.body);
  return {
    app,
    db,
    config,
    adminToken,
    http: () => checkedAgainst(validator, request(app.getHttpServer())),
    async close() {
      await app.close();
      if (!reuse) await db.drop();
    },
  };
}

/**
 * A configuration for a test: the defaults, a data folder of its own (so nothing lands in the
 * repository's ./data), its own audit signing key and checkpoint folder, and a silent log.
 */
export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'onramp-data-'));
  return {
    ...loadConfig({}),
    dataDir,
    mailDir: mkdtempSync(join(tmpdir(), 'onramp-mail-')),
    auditCheckpointDir: join(dataDir, 'audit-checkpoints'),
    auditSigningKeyFile: testSigningKey(dataDir),
    logLevel: (process.env.ONRAMP_TEST_LOG_LEVEL as AppConfig['logLevel']) ?? 'silent',
    ...overrides,
  };
}

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

/** The agent with one more assertion on every request it makes: the response is what the document says. */
export function checkedAgainst(validator: OpenApiResponseValidator, agent: ReturnType<typeof request>): ReturnType<typeof request> {
  return new Proxy(agent, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== 'string' || !VERBS.has(property) || typeof value !== 'function') return value;
      return (url: string, ...rest: unknown[]) => {
        const test = (value as (url: string, ...rest: unknown[]) => import('supertest').Test).call(target, url, ...rest);
        return test.expect((res) => validator.assertDocumented(property, url, res));
      };
    },
  });
}

export { testSigningKey };
