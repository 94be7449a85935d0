import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** The tags operations are grouped by, in the order a reader meets them. */
const TAGS: [name: string, description: string][] = [
  ['health', 'Whether the server and its database are up. The only operation without a token.'],
  ['organisations', 'Provider organisations, registered by ODS code and type (acute, mental health, independent sector…).'],
  ['people', 'The people of an organisation and the role each holds; onboarding steps are assigned to them.'],
  [
    'onboarding',
    'The onboarding run of an organisation: its checklist pinned to a catalogue version, each step with its owner, due date, evidence and sign-off, and the actions on steps. Writes take `If-Match` (the run’s ETag) or `expectedVersion`, and `Idempotency-Key`.',
  ],
  ['readiness', 'Readiness of a run: weighted score, RAG with reasons, go/no-go gate, blockers and forecast go-live.'],
  ['reports', 'Readiness, portfolio and compliance reports as JSON, printable HTML, Markdown or CSV, and the compliance email to the national team.'],
  ['catalogue', 'The core checklist every run starts from.'],
  ['plugins', 'The plugins enabled on this server: the steps, rules and templates they add for some organisation types.'],
  ['audit', 'The tamper-evident audit trail of an organisation, and its verification against signed checkpoints.'],
  ['tokens', 'API tokens (admin): each bound to one organisation and role, or global (admin, national team).'],
  ['mail', 'Outgoing email and its delivery outcomes (admin).'],
  ['jobs', 'Background jobs (admin): mail delivery, scans, digests, reports, refreshes; their queues, failures and schedules.'],
];

/**
 * The OpenAPI 3.1 document of the REST API, from the controllers' decorators. OpenAPI 3.1 so that
 * schemas are plain JSON Schema (`type: ['string', 'null']`), which clients and validators read
 * without OpenAPI 3.0's `nullable` dialect.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Onramp API')
    .setDescription(
      [
        'Guided onboarding and compliance for NHS provider organisations adopting the NHS e-Referral Service (e-RS).',
        '',
        'Every request except the health check carries an API token: `Authorization: Bearer <token>`. A token is bound to one organisation and role, or is global (admin, national team); another organisation’s data answers 404, as if it did not exist.',
        '',
        'Errors are `application/problem+json` (RFC 9457) with a stable `code`, a `detail` that names the problem and the field, and the `correlationId` of the request. A refused request writes nothing.',
      ].join('\n'),
    )
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/license/mit')
    // Relative: the server that serves this document, wherever it is deployed and whatever its port.
    .addServer('/', 'This Onramp server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API token, created by an admin with POST /api/v1/tokens' });
  for (const [name, description] of TAGS) builder.addTag(name, description);
  return SwaggerModule.createDocument(app, builder.build());
}
