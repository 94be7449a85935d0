import { Query } from '@nestjs/cqrs';
import type { OutboxStatus } from '../../persistence/outbox-message.entity';
import type { MailListResponse } from './mail-list.response';

/** A page of the outbox by message id: older than `before`, or newer than `after` (still listed newest first). */
export interface MailPage {
  before?: number;
  after?: number;
}

/** Outgoing mail, newest first, with every delivery outcome; optionally of one status or organisation. */
export class ListMail extends Query<MailListResponse> {
  constructor(
    readonly status: OutboxStatus | undefined,
    readonly organisation: string | undefined,
    readonly limit: number,
    readonly page: MailPage = {},
  ) {
    super();
  }
}
