import { MIMEType } from 'node:util';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/domain-error';
import { findIllFormedText } from './well-formed-text';
import { isPageRequest } from './page-request';

/** What every request body must be; quoted in each 415 so the caller knows the fix. */
export const ACCEPTED_BODY =
  'send the request body as application/json in UTF-8 (no charset parameter, or charset=utf-8) with no content encoding (no Content-Encoding, or identity)';

const unsupported = (code: string, problem: string) => new DomainError(code, 'unsupported', `${problem}: ${ACCEPTED_BODY}`);

/**
 * Content-Type and Content-Encoding, judged before the body is read. Fastify's JSON parser
 * matches `application/json` whatever its parameters and decodes every body as UTF-8, so a
 * UTF-16 or gzipped body was parsed as if it were plain JSON (garbled text, or a misleading
 * "invalid JSON"). Methods whose body this API never reads (GET, HEAD) are not judged.
 */
function checkBodyHeaders(request: FastifyRequest): void {
  if (request.method === 'GET' || request.method === 'HEAD') return;
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && !encoding.split(',').every((e) => e.trim().toLowerCase() === 'identity')) {
    throw unsupported('REQUEST.UNSUPPORTED_CONTENT_ENCODING', 'this API does not decode compressed or otherwise encoded bodies');
  }
  const contentType = request.headers['content-type'];
  if (contentType === undefined) return;
  let media: MIMEType;
  try {
    media = new MIMEType(contentType);
  } catch {
    throw unsupported('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'the Content-Type header is not a media type');
  }
  // Pages' forms post urlencoded bodies; the JSON API reads JSON only.
  const form = media.essence === 'application/x-www-form-urlencoded' && isPageRequest(request);
  if (media.essence !== 'application/json' && !form) throw unsupported('REQUEST.UNSUPPORTED_MEDIA_TYPE', `${media.essence} is not accepted`);
  const charset = media.params.get('charset');
  // MIMEType drops a charset without a value and keeps only the first of several: refuse both rather than guess.
  const declared = contentType.match(/;\s*charset\b/gi)?.length ?? 0;
  if (declared > 1) throw unsupported('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'the charset parameter is given more than once');
  if (declared === 1 && charset === null) throw unsupported('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'the charset parameter has no value');
  if (charset !== null && charset.toLowerCase() !== 'utf-8') throw unsupported('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'only the UTF-8 charset is accepted');
}

/** More fields than any Onramp form has: refused before a handler sees them. */
const MAX_FORM_FIELDS = 200;

const illFormed = (field: string) => {
  const message = 'must be well-formed Unicode text (it contains a lone UTF-16 surrogate)';
  return new DomainError('REQUEST.VALIDATION_FAILED', 'invalid', `${field}: ${message}`, { errors: [{ field, messages: [message] }] });
};

/**
 * The rules every request body and query string meets before any guard, pipe or handler sees it:
 * JSON in UTF-8 without content encoding; an empty JSON body is `{}`; all text well-formed Unicode.
 * Errors thrown here reach the problem+json filter like any other.
 */
export function registerJsonRequestRules(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    checkBodyHeaders(request);
    return payload;
  });

  // `curl -X POST -H 'Content-Type: application/json' …/start` sends no bytes: that is no fields,
  // exactly like `{}`, so an action without fields works and one with fields names them.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body.length === 0) done(null, {});
    else parseJson(request, body as string, done);
  });

  // A form's fields: a name given once is a string, several times a list. Pages only (see checkBodyHeaders).
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const fields: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
    let count = 0;
    for (const [name, value] of new URLSearchParams(body as string)) {
      if (++count > MAX_FORM_FIELDS)
        return done(new DomainError('REQUEST.TOO_MANY_FIELDS', 'invalid', `a form may send at most ${MAX_FORM_FIELDS} fields`), undefined);
      const before = fields[name];
      fields[name] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
    }
    done(null, fields);
  });

  fastify.addHook('preValidation', async (request) => {
    const parts: [unknown, string][] = [
      [request.body, '(body)'],
      [request.query, '(query)'],
      [request.params, '(path)'],
    ];
    for (const [value, rootName] of parts) {
      const field = findIllFormedText(value, rootName);
      if (field !== null) throw illFormed(field);
    }
  });
}
