import type { FastifyRequest } from 'fastify';

/** Pages are every route outside the JSON API and its documentation: they answer errors as HTML pages. */
export function isPageRequest(request: FastifyRequest): boolean {
  const path = request.url;
  return !(path.startsWith('/api/') || path === '/api' || path.startsWith('/health'));
}
