/** The audit context as other contexts may use it. */
export { AuditEventEntity } from './persistence/audit-event.entity';
export { AuditHeadEntity } from './persistence/audit-head.entity';
export { AuditReader } from './audit.reader';
export { GLOBAL_CHAIN } from './events/audit-trail.subscriber';
