/** The audit context as other contexts may use it. */
export { AuditEventEntity } from './persistence/audit-event.entity';
export { AuditHeadEntity } from './persistence/audit-head.entity';
export { GLOBAL_CHAIN } from './events/audit-trail.subscriber';
export { AuditVerifier, type TrailVerification } from './verification/audit-verifier';
export { CheckpointWriter } from './checkpoints/checkpoint-writer';
export { AUDIT_KEYS, auditKeysFor } from './audit-keys';
export { checkpointToLine, type Checkpoint } from './domain/audit-signing';
export { ProjectionRebuild } from './replay/projection-rebuild';
export { AuditModule } from './audit.module';
export { ListAudit, type AuditFilter } from './queries/list-audit/list-audit.query';
export type { AuditEntryResponse as AuditEntry } from './queries/list-audit/audit-list.response';
export { loadSigningKey } from './checkpoints/signing-key';
export { VerifyAudit } from './queries/verify-audit/verify-audit.query';
export type { AuditEntryResponse } from './queries/list-audit/audit-list.response';
