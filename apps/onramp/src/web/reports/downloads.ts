import type { FastifyReply } from 'fastify';
import { reportHeaders, type ReportFile } from '../../reports';
import { DomainError } from '../../shared/domain/domain-error';

/** The `?format=` of a download link: one of the report's formats, or a 400 page naming what it may be. */
export function downloadFormat<F extends string>(value: unknown, formats: readonly F[]): F {
  if (typeof value !== 'string' || !(formats as readonly string[]).includes(value))
    throw new DomainError(
      'REQUEST.INVALID_QUERY',
      'invalid',
      `The web address asks for a format this report is not available in: "format" must be one of ${formats.join(', ')}`,
      { field: 'format' },
    );
  return value as F;
}

/**
 * Sends a report file as a download: the API's headers for its format (content type, no caching,
 * the report CSP for HTML) with `Content-Disposition: attachment`, and the same bytes.
 */
export function sendDownload(reply: FastifyReply, file: ReportFile): void {
  reportHeaders(reply, file.format, file.fileName, 'attachment');
  void reply.status(200).send(file.body);
}
