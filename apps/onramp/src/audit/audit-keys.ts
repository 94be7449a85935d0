import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../shared/config/app-config';
import { DEMO_KEY_FILE, loadSigningKey } from './checkpoints/signing-key';
import type { AuditKeys } from './domain/audit-signing';

export const AUDIT_KEYS = Symbol('AuditKeys');

/**
 * The audit signing key of this process: ONRAMP_AUDIT_SIGNING_KEY(_FILE), or the embedded demo's
 * generated key under the data folder (which `npm start --demo` creates). Without either the
 * process refuses to start: an unsealed trail would anchor nothing.
 */
export function auditKeysFor(config: Pick<AppConfig, 'auditSigningKeyFile' | 'auditSigningKey' | 'dataDir'>, options: { demo?: boolean } = {}): AuditKeys {
  const demo = options.demo ?? existsSync(join(config.dataDir, DEMO_KEY_FILE));
  return loadSigningKey(config, { demo }).keys;
}
