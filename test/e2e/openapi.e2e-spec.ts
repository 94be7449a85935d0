import request from 'supertest';
import { lintOpenApi } from '../tools/redocly-lint';
import { OpenApiResponseValidator } from '../support/openapi-validator';
import { checkedAgainst, startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKinds } from '../support/test-database';

type Operation = {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
};
type Document = {
  openapi: string;
  info: { license?: { name: string } };
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }>; securitySchemes?: Record<string, unknown> };
};

/** Public operations, and why each has no 4xx answer to document (see redocly.yaml). */
const PUBLIC_WITHOUT_INPUT = ['getHealth'];

describe.each(testDatabaseKinds())('the OpenAPI document (%s)', (kind) => {
  let t: TestApp;
  let doc: Document;
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ method, path, op, name: `${method.toUpperCase()} ${path}` })),
    );

  beforeAll(async () => {
    t = await startTestApp(kind);
    const res = await t.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    doc = res.body as Document;
  });
  afterAll(() => t?.close());

  it("passes Redocly's recommended rules with no error and no warning", () => {
    const lint = lintOpenApi(doc);
    // The report is on both sides so that a failure prints every problem.
    expect({ errors: lint.errors, warnings: lint.warnings, report: lint.report }).toEqual({ errors: 0, warnings: 0, report: '' });
  });

  it('is OpenAPI 3.1 with a server, the MIT licence of package.json, and a description for every tag', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(doc.info.license?.name).toBe('MIT');
    const used = new Set(operations().flatMap(({ op }) => op.tags ?? []));
    const described = (doc.tags ?? []).filter((tag) => (tag.description ?? '').length > 10).map((tag) => tag.name);
    expect([...used].sort()).toEqual([...described].sort());
  });

  it('names every operation uniquely and readably, and gives it a summary and one tag', () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(operations().length).toBeGreaterThanOrEqual(30);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { name, op } of operations()) {
      expect({ name, operationId: op.operationId }).toEqual({ name, operationId: expect.stringMatching(/^[a-z][A-Za-z]+$/) });
      expect({ name, summary: (op.summary ?? '').length > 10, tags: op.tags?.length }).toEqual({ name, summary: true, tags: 1 });
    }
  });

  it('declares a success response with a schema, and every error as a Problem under application/problem+json', () => {
    for (const { name, op } of operations()) {
      const statuses = Object.keys(op.responses);
      const success = statuses.filter((s) => s.startsWith('2'));
      expect({ name, success: success.length }).toEqual({ name, success: 1 });
      for (const [media, content] of Object.entries(op.responses[success[0]].content ?? {})) {
        const schema = content.schema ?? {};
        const json = media === 'application/json';
        // JSON is a named model; a rendered report (HTML, Markdown, CSV) is a string.
        expect({ name, media, shape: json ? typeof schema.$ref : schema.type }).toEqual({ name, media, shape: 'string' });
      }
      expect({ name, content: Object.keys(op.responses[success[0]].content ?? {}).length > 0 }).toEqual({ name, content: true });
      for (const status of statuses.filter((s) => /^[45]/.test(s))) {
        expect({ name, status, content: op.responses[status].content }).toEqual({
          name,
          status,
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        });
      }
      // Redocly's operation-4xx-response, with its one reasoned exception (redocly.yaml).
      if (!PUBLIC_WITHOUT_INPUT.includes(op.operationId ?? ''))
        expect({ name, has4xx: statuses.some((s) => s.startsWith('4')) }).toEqual({ name, has4xx: true });
    }
    expect(Object.keys(doc.components.schemas.Problem.properties ?? {})).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'code', 'correlationId', 'field', 'errors']),
    );
  });

  it('asks for a bearer token on every operation but the public ones, which say security: []', () => {
    expect(doc.components.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
    for (const { name, op } of operations()) {
      const expected = PUBLIC_WITHOUT_INPUT.includes(op.operationId ?? '') ? [] : [{ bearer: [] }];
      expect({ name, security: op.security }).toEqual({ name, security: expected });
      if (expected.length) expect({ name, has401: '401' in op.responses }).toEqual({ name, has401: true });
    }
  });

  it('keeps the Swagger UI at /api/docs', async () => {
    const ui = await t.http().get('/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.headers['content-type']).toMatch(/^text\/html/);
    expect(ui.text).toContain('swagger-ui');
    const init = await t.http().get('/api/docs/swagger-ui-init.js');
    expect(init.status).toBe(200);
    expect(init.text).toContain('"operationId": "getHealth"');
  });

  describe('checking responses against it, as TestApp.http() does for every e2e request', () => {
    /** The served document with one change, to prove the check notices what it is there to notice. */
    const tampered = (change: (d: Document) => void) => {
      const copy = structuredClone(doc);
      change(copy);
      return checkedAgainst(new OpenApiResponseValidator(copy as never), request(t.app.getHttpServer()));
    };

    it('accepts the real answers', async () => {
      const ok = await t.http().get('/api/v1/health');
      expect(ok.status).toBe(200);
      const missingToken = await t.http().get('/api/v1/organisations');
      expect(missingToken.status).toBe(401);
    });

    it('fails a field the schema does not document', async () => {
      const check = tampered((d) => {
        const health = d.components.schemas.Health as { properties: Record<string, unknown>; required: string[] };
        delete health.properties.catalogueVersion;
        health.required = health.required.filter((p) => p !== 'catalogueVersion');
      });
      await expect(check.get('/api/v1/health').then((r) => r.status)).rejects.toThrow(
        /GET \/api\/v1\/health \(getHealth\) answered 200 application\/json that does not match its documented schema:\n {2}\(body\) must NOT have additional properties \{"additionalProperty":"catalogueVersion"\}/,
      );
    });

    it('fails an undocumented field deep in a list of referenced schemas, naming where', async () => {
      await t
        .http()
        .post('/api/v1/organisations')
        .set('Authorization', `Bearer ${t.adminToken}`)
        .send({ odsCode: 'OAPI1', name: 'OpenAPI check trust', type: 'acute' });
      const check = tampered((d) => {
        const organisation = d.components.schemas.Organisation as { properties: Record<string, unknown>; required: string[] };
        delete organisation.properties.createdAt;
        organisation.required = organisation.required.filter((p) => p !== 'createdAt');
      });
      await expect(
        check
          .get('/api/v1/organisations')
          .set('Authorization', `Bearer ${t.adminToken}`)
          .then((r) => r.status),
      ).rejects.toThrow(/\/items\/0 must NOT have additional properties \{"additionalProperty":"createdAt"\}/);
    });

    it('fails a body of the wrong type, naming the field', async () => {
      const check = tampered((d) => {
        d.components.schemas.Health.properties!.status = { type: 'integer' };
      });
      await expect(check.get('/api/v1/health').then((r) => r.status)).rejects.toThrow(/\/status must be integer/);
    });

    it('fails a status the operation does not declare', async () => {
      const check = tampered((d) => delete d.paths['/api/v1/organisations'].get.responses['401']);
      await expect(check.get('/api/v1/organisations').then((r) => r.status)).rejects.toThrow(
        /GET \/api\/v1\/organisations \(listOrganisations\) answered 401, which the document does not declare \(declared: 200, 429\)/,
      );
    });

    it('fails a media type the status does not declare', async () => {
      const check = tampered((d) => {
        const problem = d.paths['/api/v1/organisations'].get.responses['401'];
        problem.content = { 'application/json': problem.content!['application/problem+json'] };
      });
      await expect(check.get('/api/v1/organisations').then((r) => r.status)).rejects.toThrow(
        /answered 401 as application\/problem\+json, but the document declares application\/json/,
      );
    });
  });
});
