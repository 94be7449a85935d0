import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_KEYS } from './audit-keys';
import type { AuditKeys } from './domain/audit-signing';

/**
 * Seals audit entries with a key the database never holds (see the audit signing key in the
 * README), so an entry written by anyone but Onramp is detected on verification.
 */
@Injectable()
export class AuditSeal {
  constructor(@Inject(AUDIT_KEYS) private readonly keys: AuditKeys) {}

  mac(hash: string): string {
    return this.keys.mac(hash);
  }
}
