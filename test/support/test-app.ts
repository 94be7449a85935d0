import 'reflect-metadata';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createHttpApp } from '../../apps/onramp/src/http-app';
import { migrate } from '../../apps/onramp/src/platform/database/orm.config';
import { loadConfig, type AppConfig } from '../../apps/onramp/src/shared/config/app-config';
import type { Clock } from '../../apps/onramp/src/shared/domain/clock';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './test-database';

export interface TestApp {
  app: NestFastifyApplication;
  db: TestDatabase;
  config: AppConfig;
  adminToken: string;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/** Boots the real HTTP application on a fresh database of the given kind, with migrations applied. */
export async function startTestApp(kind: DatabaseKind, overrides: Partial<AppConfig> & { clock?: Clock; reuse?: TestDatabase } = {}): Promise<TestApp> {
  const { clock, reuse, ...configOverrides } = overrides;
  // A suite may restart the app on the same database (e.g. after a plugin upgrade); it then owns dropping it.
  const db = reuse ?? (await createTestDatabase(kind));
  const adminToken = `test-admin-${randomBytes(16).toString('hex')}`;
  const dataDir = configOverrides.dataDir ?? mkdtempSync(join(tmpdir(), 'onramp-data-'));
  const config: AppConfig = {
    ...loadConfig({}),
    database: db.url,
    dataDir,
    auditCheckpointDir: join(dataDir, 'audit-checkpoints'),
    auditSigningKeyFile: testSigningKey(dataDir),
    mailDir: mkdtempSync(join(tmpdir(), 'onramp-mail-')),
    mailWorkerIntervalMs: 100,
    mailRetryBaseMs: 50,
    logLevel: 'silent',
    adminToken,
    ...configOverrides,
  };
  const app = await createHttpApp(config, clock);
  await migrate(app.get(MikroORM));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    db,
    config,
    adminToken,
    http: () => request(app.getHttpServer()),
    async close() {
      await app.close();
      if (!reuse) await db.drop();
    },
  };
}

/** Each test app signs its audit trail with a key of its own, kept in its data folder (reused when a suite restarts the app on it). */
export function testSigningKey(dataDir: string): string {
  const file = join(dataDir, 'test-audit-signing-key.pem');
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  }
  return file;
}
