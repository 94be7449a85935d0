import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';

/*
 * Checks real responses against the OpenAPI document the app serves, so the document cannot drift
 * from what the API does. Every response the e2e suites receive through TestApp.http() (and so
 * through OnrampClient) passes here: an operation, status or media type the document does not
 * name, or a body its schema does not describe, fails the test that received it.
 *
 * The document is OpenAPI 3.1, whose schemas are JSON Schema 2020-12: Ajv's 2020 dialect reads them
 * as they are, after two changes. OpenAPI-only annotations (`example`) are dropped. And every object
 * schema that lists its properties without saying otherwise is closed (additionalProperties: false):
 * the published document leaves objects open, so clients tolerate fields added later, but here a
 * field the API returns without documenting it is a failure.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
const ANNOTATIONS_TO_DROP = new Set(['example', 'xml', 'externalDocs', 'discriminator']);
const SCHEMA_ID = 'onramp-openapi';

/** A copy of an OpenAPI schema that Ajv validates strictly: refs to our $defs, objects closed. */
function forValidation(node: Json, inSchemaMap = false): Json {
  if (Array.isArray(node)) return node.map((n) => forValidation(n));
  if (node === null || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (inSchemaMap) {
      out[key] = forValidation(value);
      continue;
    }
    if (ANNOTATIONS_TO_DROP.has(key)) continue;
    if (key === '$ref' && typeof value === 'string') out[key] = value.replace('#/components/schemas/', `${SCHEMA_ID}#/$defs/`);
    else if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples') out[key] = value;
    else out[key] = forValidation(value, key === 'properties' || key === '$defs' || key === 'patternProperties');
  }
  if (!inSchemaMap && out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export class OpenApiResponseValidator {
  private readonly ajv: Ajv2020;
  private readonly operations: Operation[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    this.ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true, removeAdditional: false, useDefaults: false, coerceTypes: false });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: SCHEMA_ID, $defs: forValidation((document.components?.schemas ?? {}) as Json, true) });
    this.operations = Object.entries(document.paths).flatMap(([template, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]) => ({
          method,
          template,
          // A template's literal segments, and one segment for each {parameter}.
          pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
          operationId: op.operationId ?? `${method} ${template}`,
          responses: op.responses ?? {},
        })),
    );
  }

  /** Throws a readable error when the response is not what the document says the operation answers. */
  assertDocumented(method: string, url: string, res: Response): void {
    const path = new URL(url, 'http://onramp.invalid').pathname;
    // The document describes the API; its own routes (/api/docs, /api/docs-json) are not in it.
    if (!path.startsWith('/api/v1/') && path !== '/api/v1') return;
    const verb = method.toLowerCase();
    const status = res.status;
    const contentType = String(res.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    const operation = this.operations.find((o) => o.method === verb && o.pattern.test(path));
    const where = `${method.toUpperCase()} ${path}`;
    if (!operation) {
      // A route the API does not have: the answer must be a 404 problem like every other error.
      if (status === 404 && contentType === 'application/problem+json') {
        this.validate(`${where} (no such operation)`, 404, contentType, { $ref: `${SCHEMA_ID}#/$defs/Problem` }, res.body as Json, 'problem:unmatched');
        return;
      }
      throw new Error(
        `OpenAPI: ${where} is not an operation of the document, and the answer is ${status} ${contentType || '(no content type)'}, not a 404 problem`,
      );
    }
    const name = `${where} (${operation.operationId})`;
    const entry = operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`] ?? operation.responses.default;
    if (!entry) {
      throw new Error(
        `OpenAPI: ${name} answered ${status}, which the document does not declare (declared: ${Object.keys(operation.responses).join(', ')})\n  body: ${preview(res)}`,
      );
    }
    if (!entry.content) {
      if (res.text) throw new Error(`OpenAPI: ${name} answered ${status} with a body, but the document declares none\n  body: ${preview(res)}`);
      return;
    }
    const media = entry.content[contentType];
    if (!media) {
      throw new Error(
        `OpenAPI: ${name} answered ${status} as ${contentType || '(no content type)'}, but the document declares ${Object.keys(entry.content).join(', ')} for ${status}`,
      );
    }
    if (!media.schema) return;
    const json = contentType === 'application/json' || contentType.endsWith('+json');
    const body = (json ? res.body : (res.text ?? res.body)) as Json;
    this.validate(name, status, contentType, forValidation(media.schema) as Schema, body, `${operation.operationId} ${status} ${contentType}`);
  }

  private validate(name: string, status: number, contentType: string, schema: Schema, body: Json, key: string) {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    if (validate(body)) return;
    const errors = (validate.errors ?? [])
      .slice(0, 15)
      .map((e) => `  ${e.instancePath || '(body)'} ${e.message ?? ''}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`)
      .join('\n');
    throw new Error(
      `OpenAPI: ${name} answered ${status} ${contentType} that does not match its documented schema:\n${errors}\n  body: ${truncate(JSON.stringify(body))}`,
    );
  }
}

const truncate = (text: string | undefined) => (text && text.length > 1500 ? `${text.slice(0, 1500)}…` : (text ?? ''));
const preview = (res: Response) => truncate(res.text || JSON.stringify(res.body));

/** One validator per served document (suites that restart the app get the same one back). */
const cache = new Map<string, OpenApiResponseValidator>();
export function validatorFor(documentJson: string): OpenApiResponseValidator {
  let validator = cache.get(documentJson);
  if (!validator) {
    validator = new OpenApiResponseValidator(JSON.parse(documentJson) as OpenApiDocument);
    cache.set(documentJson, validator);
  }
  return validator;
}
