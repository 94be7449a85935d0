import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { OUTBOX_STATUSES } from '../../persistence/outbox-message.entity';

@ApiSchema({ name: 'MailEvent', description: 'The outcome of one delivery attempt, or of composing the email (attempt 0).' })
export class MailEventResponse {
  @ApiProperty({ enum: ['MailSent', 'MailDeferred', 'MailDeadLettered', 'MailComposeFailed'] })
  type!: string;

  @ApiProperty({ type: 'integer', minimum: 0 })
  attempt!: number;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ description: 'What the mail server said, or why composing failed' })
  detail!: string;
}

@ApiSchema({ name: 'Mail', description: 'An outgoing email in the outbox.' })
export class MailResponse {
  @ApiProperty({ type: 'integer' })
  id!: number;

  @ApiProperty({
    enum: OUTBOX_STATUSES,
    description: 'pending: to be sent or retried; sent; dead: gave up after the last attempt; failed: could not be composed, never sent',
  })
  status!: string;

  @ApiProperty({ description: 'Why it is sent', example: 'step-assigned' })
  purpose!: string;

  @ApiProperty({ type: 'string', nullable: true, description: 'The organisation it is about (ODS code); null for national mail' })
  organisation!: string | null;

  @ApiProperty({ description: 'The recipient’s address' })
  recipient!: string;

  @ApiProperty()
  subject!: string;

  @ApiProperty({ description: 'Deterministic Message-ID, so receivers and retries de-duplicate' })
  messageId!: string;

  @ApiProperty({ type: 'integer', minimum: 0 })
  attempts!: number;

  @ApiProperty({ type: 'string', nullable: true })
  lastError!: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'When the next attempt is due, while pending' })
  nextAttemptAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  sentAt!: string | null;

  @ApiProperty({ type: [MailEventResponse], description: 'Every outcome, oldest first' })
  events!: MailEventResponse[];
}

@ApiSchema({ name: 'MailList', description: 'Outgoing email, newest first.' })
export class MailListResponse {
  @ApiProperty({ type: [MailResponse] })
  items!: MailResponse[];
}
