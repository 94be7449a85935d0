/**
 * The operations of Onramp's own OpenAPI document, read from the document at run time so that a new
 * endpoint is exercised by the property-based suite without anyone listing it.
 */

export interface JsonSchema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  example?: unknown;
  description?: string;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId?: string; parameters?: OpenApiParameter[]; requestBody?: RequestBody; security?: unknown[] }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface RequestBody {
  required?: boolean;
  content?: Record<string, { schema?: JsonSchema }>;
}

export interface Operation {
  /** `POST /api/v1/…/{ods}/…`, the name failures are reported under. */
  name: string;
  operationId: string;
  method: string;
  /** The path template, with `{name}` placeholders. */
  path: string;
  pathParameters: OpenApiParameter[];
  queryParameters: OpenApiParameter[];
  headerParameters: OpenApiParameter[];
  /** The JSON request body schema, with every `$ref` resolved; null when the operation takes no body. */
  bodySchema: JsonSchema | null;
  /** Media types of the request body other than JSON, which this harness cannot build (reported, not skipped). */
  otherBodyMediaTypes: string[];
  /** Whether the document asks for a bearer token. */
  secured: boolean;
}

/** OpenAPI's HTTP methods; anything else under a path item (parameters, summary) is not an operation. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Resolves local `$ref`s so generators see plain schemas; a dangling reference is an error, never an empty schema. */
export function resolveSchema(doc: OpenApiDocument, schema: JsonSchema, seen: string[] = []): JsonSchema {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`OpenAPI document: dangling $ref ${schema.$ref}`);
    // A recursive schema would be generated without end; none exists today, so refuse loudly rather than guess.
    if (seen.includes(name)) throw new Error(`OpenAPI document: recursive schema ${seen.join(' → ')} → ${name}`);
    return resolveSchema(doc, target, [...seen, name]);
  }
  const resolved: JsonSchema = { ...schema };
  if (schema.properties) resolved.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, resolveSchema(doc, v, seen)]));
  if (schema.items) resolved.items = resolveSchema(doc, schema.items, seen);
  return resolved;
}

/** Every path × method of the document, in document order. */
export function listOperations(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!(HTTP_METHODS as readonly string[]).includes(method)) continue;
      const parameters = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const json = content['application/json']?.schema;
      operations.push({
        name: `${method.toUpperCase()} ${path}`,
        operationId: op.operationId ?? `${method} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParameters: parameters.filter((p) => p.in === 'path'),
        queryParameters: parameters.filter((p) => p.in === 'query'),
        headerParameters: parameters.filter((p) => p.in === 'header'),
        bodySchema: json ? resolveSchema(doc, json) : null,
        otherBodyMediaTypes: Object.keys(content).filter((m) => m !== 'application/json'),
        secured: (op.security ?? []).length > 0,
      });
    }
  }
  return operations;
}

/** The `{name}` placeholders of a path template, in order. */
export const placeholders = (template: string) => [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
