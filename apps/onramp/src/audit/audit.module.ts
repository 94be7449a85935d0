import { Global, Module } from '@nestjs/common';
import { AuditReader } from './audit.reader';
import { AuditSeal } from './audit-seal';
import { AuditTrailSubscriber } from './events/audit-trail.subscriber';
import { ListAuditController } from './queries/list-audit/list-audit.controller';
import { VerifyAuditController } from './queries/verify-audit/verify-audit.controller';

@Global()
@Module({
  controllers: [ListAuditController, VerifyAuditController],
  providers: [AuditReader, AuditTrailSubscriber, { provide: AuditSeal, useValue: new AuditSeal(null) }],
  exports: [AuditReader],
})
export class AuditModule {}
