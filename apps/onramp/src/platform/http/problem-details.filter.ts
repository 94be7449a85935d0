import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Optional } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { DomainError, type DomainErrorKind } from '../../shared/domain/domain-error';
import { LOGGER } from '../logging/logger';
import { ACCEPTED_BODY } from '../../shared/http/json-request.hooks';
import { isPageRequest } from '../../shared/http/page-request';
import { PAGE_ERROR_RENDERER, type PageErrorRenderer } from './page-errors';

const STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  precondition: 412,
  unprocessable: 422,
  unavailable: 503,
  unsupported: 415,
  'too-many-attempts': 429,
};

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorised',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** Fastify's own request errors, under our codes. */
const FASTIFY_CODES: Record<string, { code: string; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'REQUEST.INVALID_JSON', detail: 'request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'REQUEST.INVALID_JSON', detail: 'the content type is application/json but the body is empty' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', detail: ACCEPTED_BODY },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'REQUEST.INVALID_CONTENT_LENGTH', detail: 'Content-Length does not match the body' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'REQUEST.BODY_TOO_LARGE', detail: 'request body is larger than this server accepts' },
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  correlationId: string;
  [extra: string]: unknown;
}

/** Turns every error into RFC 9457 `application/problem+json` with a stable `code`; nothing else leaks. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(PAGE_ERROR_RENDERER) private readonly pages?: PageErrorRenderer,
  ) {}

  catch(error: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { status, code, detail, extra } = this.describe(error);
    // A domain error at 5xx was reported where it arose (e.g. the plugin hook runner logs the failure); anything else is a bug.
    if (status >= 500 && !(error instanceof DomainError))
      this.logger.error({ err: error, correlationId: request.id, path: request.routeOptions?.url }, 'unhandled error');
    // Extension members first: one named like an RFC 9457 member (a step's `status`) must never replace it.
    const problem: Problem = {
      ...extra,
      type: `urn:onramp:problem:${code.toLowerCase()}`,
      title: TITLES[status] ?? 'Error',
      status,
      detail,
      code,
      instance: request.url.split('?')[0],
      correlationId: String(request.id),
    };
    if (this.pages && isPageRequest(request)) {
      if (status === 429 && typeof extra.retryAfterSeconds === 'number') void reply.header('Retry-After', String(extra.retryAfterSeconds));
      return this.pages.render(request, reply, { status, code, detail, extra });
    }
    if (status === 401) void reply.header('WWW-Authenticate', 'Bearer realm="onramp"');
    if (status === 429 && typeof extra.retryAfterSeconds === 'number') void reply.header('Retry-After', String(extra.retryAfterSeconds));
    void reply.status(status).header('Content-Type', 'application/problem+json; charset=utf-8').send(problem);
  }

  private describe(error: unknown): { status: number; code: string; detail: string; extra: Record<string, unknown> } {
    if (error instanceof DomainError) return { status: STATUS[error.kind], code: error.code, detail: error.message, extra: error.details };
    if (error instanceof HttpException) {
      const status = error.getStatus();
      if (status === 400 && /JSON/.test(error.message)) return { status, code: 'REQUEST.INVALID_JSON', detail: 'request body is not valid JSON', extra: {} };
      if (status === 413) return { status, ...FASTIFY_CODES.FST_ERR_CTP_BODY_TOO_LARGE, extra: {} };
      if (status === 415) return { status, ...FASTIFY_CODES.FST_ERR_CTP_INVALID_MEDIA_TYPE, extra: {} };
      return { status, code: status === 404 ? 'ROUTE_NOT_FOUND' : `HTTP_${status}`, detail: status === 404 ? 'no such endpoint' : error.message, extra: {} };
    }
    // Fastify's own errors (malformed JSON, wrong content type, body too large) carry a 4xx status.
    const fastify = error as { statusCode?: number; code?: string; message?: string };
    if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
      const known = FASTIFY_CODES[fastify.code ?? ''];
      return { status: fastify.statusCode, code: known?.code ?? 'REQUEST.INVALID', detail: known?.detail ?? fastify.message ?? 'bad request', extra: {} };
    }
    return { status: 500, code: 'INTERNAL', detail: 'an unexpected error occurred; quote the correlationId when reporting it', extra: {} };
  }
}
