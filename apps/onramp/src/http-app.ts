import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { createOpenApiDocument } from './platform/http/openapi-document';
import { createLogger, LOGGER } from './platform/logging/logger';
import { PinoNestLogger } from './platform/logging/nest-logger';
import { clientErrorHandler } from './shared/http/client-error.handler';
import type { AppConfig } from './shared/config/app-config';
import type { Clock } from './shared/domain/clock';
import { registerJsonRequestRules } from './shared/http/json-request.hooks';
import { projectRoot } from './shared/config/project-root';
import { registerSecurityHeaders } from './web/security-headers';
import { registerStaticAssets } from './web/static-assets';
import { join } from 'node:path';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Builds the HTTP application (used by main.ts and by the e2e tests alike). */
export async function createHttpApp(config: AppConfig, clock?: Clock): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // Whose X-Forwarded-For decides request.ip, the address failed authentication is counted against.
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    // A caller's correlation id is kept when it is safe to log; otherwise a new one is made.
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-correlation-id'];
      return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
    },
    logger: false,
    // Path parameters are short (ODS codes, step ids); longer ones are answered as problems below.
    routerOptions: { maxParamLength: 200 },
    clientErrorHandler,
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const { statusCode } = error as Error & { statusCode?: number };
      const status = typeof statusCode === 'number' ? statusCode : 400;
      void reply
        .status(status)
        .header('Content-Type', 'application/problem+json; charset=utf-8')
        .send({
          type: 'urn:onramp:problem:request.invalid',
          title: 'Bad request',
          status,
          detail: error.message,
          code: 'REQUEST.INVALID',
          instance: request.url.split('?')[0],
          correlationId: String(request.id),
        });
    },
  });
  // JSON for the API and urlencoded forms for pages (json-request.hooks.ts); any other content type gets 415 and nothing runs.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, clock), adapter, {
    logger: new PinoNestLogger(createLogger(config.logLevel)),
    bufferLogs: false,
    bodyParser: false,
    abortOnError: false,
  });
  const logger = app.get<Logger>(LOGGER);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser(['text/plain']);
  // Pages: session cookies, security headers, the NHS.UK frontend's files (web/).
  await app.register((await import('@fastify/cookie')).default as never);
  await registerSecurityHeaders(fastify, config.publicUrl.startsWith('https://'));
  await registerStaticAssets(fastify, join(projectRoot(), 'templates'));
  registerJsonRequestRules(fastify);
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('X-Correlation-Id', request.id);
  });
  // Method, route pattern, status and timing only: never headers, bodies or query strings.
  fastify.addHook('onResponse', async (request, reply) => {
    logger.info(
      {
        correlationId: request.id,
        method: request.method,
        route: request.routeOptions?.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  app.enableShutdownHooks();
  return app;
}
