import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

const PARSER_ERRORS: Record<string, { status: number; code: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: 'REQUEST.HEADERS_TOO_LARGE', detail: 'the request line and headers are larger than this server accepts' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'REQUEST.TIMEOUT', detail: 'the request was not received in time' },
};
const MALFORMED = { status: 400, code: 'REQUEST.MALFORMED_HTTP', detail: 'the request is not valid HTTP/1.1' };

/**
 * Answers what Node's HTTP parser refuses before Fastify or any route sees a request (headers over
 * the size limit, a broken request line) as application/problem+json like every other error, in
 * place of Fastify's own JSON shape. The connection is closed afterwards, as Node does.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket) {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, code, detail } = PARSER_ERRORS[error.code ?? ''] ?? MALFORMED;
  const body = JSON.stringify({
    type: `urn:onramp:problem:${code.toLowerCase()}`,
    title: STATUS_CODES[status],
    status,
    detail,
    code,
    correlationId: randomUUID(),
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
