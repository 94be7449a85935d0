import { Query } from '@nestjs/cqrs';
import type { OutboxStatus } from '../../persistence/outbox-message.entity';
import type { MailListResponse } from './mail-list.response';

/** Outgoing mail, newest first, with every delivery outcome; optionally of one status or organisation. */
export class ListMail extends Query<MailListResponse> {
  constructor(
    readonly status: OutboxStatus | undefined,
    readonly organisation: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}
