import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'ComplianceReportQueued', description: 'The compliance report email is in the outbox; delivery follows.' })
export class ComplianceReportQueuedResponse {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Emails queued by this request (a recipient already sent this occurrence is not queued again)' })
  queued!: number;

  @ApiProperty({ type: [String], description: 'ONRAMP_NATIONAL_RECIPIENTS' })
  recipients!: string[];

  @ApiProperty({ enum: ['queued'] })
  status!: string;
}
