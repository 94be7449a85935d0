// `npm run lint:openapi`: builds the OpenAPI document as the server would (without listening, on an
// in-memory database with the default configuration), and lints it with Redocly's recommended
// rules. Exits non-zero on any error or warning, printing each.
// Usage: node dist/test/tools/lint-openapi.js [--out <file>]   (--out also keeps the document)
import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from '../../apps/onramp/src/app.module';
import { createOpenApiDocument } from '../../apps/onramp/src/platform/http/openapi-document';
import { loadConfig } from '../../apps/onramp/src/shared/config/app-config';
import { lintOpenApi } from './redocly-lint';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const dataDir = mkdtempSync(join(tmpdir(), 'onramp-openapi-data-'));
  try {
    // Start-up needs an audit signing key; a throwaway one signs nothing here.
    const keyFile = join(dataDir, 'signing-key.pem');
    writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    const config = {
      ...loadConfig({}),
      database: { kind: 'sqlite' as const, path: ':memory:' },
      dataDir,
      mailDir: join(dataDir, 'mail'),
      auditCheckpointDir: join(dataDir, 'audit-checkpoints'),
      auditSigningKeyFile: keyFile,
      backgroundJobs: false,
      logLevel: 'silent' as const,
    };
    // Created, never initialised: the document needs the controllers, not a running server.
    const app = await NestFactory.create(AppModule.forRoot(config), new FastifyAdapter(), { logger: false, abortOnError: false });
    const document = createOpenApiDocument(app);
    await app.close();
    if (values.out) writeFileSync(values.out, `${JSON.stringify(document, null, 2)}\n`);
    const lint = lintOpenApi(document);
    const operations = Object.values(document.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    process.stdout.write(
      `${lint.report ? `${lint.report}\n` : ''}OpenAPI document (${operations} operations): ${lint.errors} error(s), ${lint.warnings} warning(s)\n`,
    );
    return lint.errors + lint.warnings === 0 ? 0 : 1;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`lint:openapi failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
