import { Query } from '@nestjs/cqrs';
import type { TrailVerification } from '../../verification/audit-verifier';

export class VerifyAudit extends Query<TrailVerification> {
  constructor(readonly ods: string) {
    super();
  }
}
