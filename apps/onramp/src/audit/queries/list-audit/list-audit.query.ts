import { Query } from '@nestjs/cqrs';
import type { AuditListResponse } from './audit-list.response';

/** Narrows an organisation's trail for a page: what happened lately, to one step, or a page read backwards. */
export interface AuditFilter {
  /** Only entries that occurred at or after this ISO instant. */
  since?: string;
  /** Only the entries of this checklist step (the step events that name it). */
  stepId?: string;
  /** Newest first (and `nextAfter` null), instead of a page from `after`. */
  newestFirst?: boolean;
  /** With newestFirst: entries before this sequence number (the audit page pages backwards with it); the newest when absent. */
  before?: number;
  /** Only entries of these event types. */
  types?: readonly string[];
}

/**
 * An organisation's audit trail, oldest first, from after `after`, at most `limit` entries; or,
 * reading newest first (the pages), backwards from `before`.
 */
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
