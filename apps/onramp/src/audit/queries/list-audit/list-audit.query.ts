import { Query } from '@nestjs/cqrs';
import type { AuditListResponse } from './audit-list.response';

/** How the audit page reads the trail: backwards from `before` (exclusive), optionally of some event types only. */
export interface AuditReading {
  newestFirst?: boolean;
  /** With newestFirst: entries before this sequence number; the newest when absent. */
  before?: number;
  /** Only entries of these event types. */
  types?: readonly string[];
}

/**
 * An organisation's audit trail, oldest first, from after `after`, at most `limit` entries; or,
 * reading newest first (the audit page), backwards from `before`.
 */
export class ListAudit extends Query<AuditListResponse> {
  constructor(
    readonly ods: string,
    readonly after: number,
    readonly limit: number,
    readonly reading: AuditReading = {},
  ) {
    super();
  }
}
