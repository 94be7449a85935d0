import { Injectable } from '@nestjs/common';

/**
 * Seals audit entries with a key the database never holds (see the audit signing key in the
 * README), so entries written by anyone but Onramp are detected on verification.
 */
@Injectable()
export class AuditSeal {
  constructor(private readonly sealer: { mac(hash: string): string } | null = null) {}

  mac(hash: string): string | null {
    return this.sealer ? this.sealer.mac(hash) : null;
  }
}
