import { Query } from '@nestjs/cqrs';
import type { AuditListResponse } from './audit-list.response';

/** An organisation's audit trail, oldest first, from after `after`, at most `limit` entries. */
export class ListAudit extends Query<AuditListResponse> {
  constructor(
    readonly ods: string,
    readonly after: number,
    readonly limit: number,
  ) {
    super();
  }
}
