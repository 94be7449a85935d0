import { Query } from '@nestjs/cqrs';
import type { AuditListResponse } from './audit-list.response';

/** Narrows an organisation's trail for a page: what happened lately, or to one step. */
export interface AuditFilter {
  /** Only entries that occurred at or after this ISO instant. */
  since?: string;
  /** Only the entries of this checklist step (the step events that name it). */
  stepId?: string;
  /** The newest `limit` entries, newest first (and `nextAfter` null), instead of a page from `after`. */
  newestFirst?: boolean;
}

/** An organisation's audit trail, oldest first, from after `after`, at most `limit` entries. */
export class ListAudit extends Query<AuditListResponse> {
  constructor(
    readonly ods: string,
    readonly after: number,
    readonly limit: number,
    readonly filter: AuditFilter = {},
  ) {
    super();
  }
}
