import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'AuditActor', description: 'Who caused the event: a token (person or integration) or a system job.' })
export class AuditActorResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty({ example: 'implementation-lead' })
  role!: string;

  @ApiProperty({ type: 'string', nullable: true, description: 'The token label at the time, for people' })
  label!: string | null;
}

@ApiSchema({ name: 'AuditEntry', description: 'One domain event in the organisation’s hash-chained audit trail.' })
export class AuditEntryResponse {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Position in the chain, from 1 with no gaps' })
  seq!: number;

  @ApiProperty({ description: 'The event type', example: 'StepCompleted' })
  type!: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: AuditActorResponse })
  actor!: AuditActorResponse;

  @ApiProperty({ type: 'string', nullable: true, description: 'The event’s own id (absent on entries written before events had one)' })
  eventId!: string | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'The event or command that caused this one' })
  causationId!: string | null;

  @ApiProperty({ description: 'The correlation id of the request or job that caused it' })
  correlationId!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event’s data, as the event type defines it; never a secret' })
  payload!: Record<string, unknown>;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'Hash of the previous entry (64 zeros for the first)' })
  prevHash!: string;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 over this entry and prevHash' })
  hash!: string;
}

@ApiSchema({ name: 'AuditList', description: 'A page of the audit trail, oldest first.' })
export class AuditListResponse {
  @ApiProperty({ type: [AuditEntryResponse] })
  items!: AuditEntryResponse[];

  @ApiProperty({ type: 'integer', nullable: true, description: 'Pass as `after` for the next page; null when this page is the last' })
  nextAfter!: number | null;
}
