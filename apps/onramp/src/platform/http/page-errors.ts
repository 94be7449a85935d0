import type { FastifyReply, FastifyRequest } from 'fastify';

/** An error as the problem filter classified it, for a page to explain in words. */
export interface ClassifiedError {
  status: number;
  code: string;
  detail: string;
  extra: Record<string, unknown>;
}

/**
 * Answers an error on a page (any route outside the JSON API) as an HTML page or a redirect,
 * instead of problem+json. Provided by the web application; the problem filter uses it when present.
 */
export interface PageErrorRenderer {
  render(request: FastifyRequest, reply: FastifyReply, error: ClassifiedError): void | Promise<void>;
}

export const PAGE_ERROR_RENDERER = Symbol('PageErrorRenderer');
