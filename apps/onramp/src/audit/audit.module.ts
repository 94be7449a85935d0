import { Global, Module } from '@nestjs/common';
import { AuditReader } from './audit.reader';
import { AuditTrail } from './audit-trail';
import { ListAuditController } from './queries/list-audit/list-audit.controller';
import { VerifyAuditController } from './queries/verify-audit/verify-audit.controller';

@Global()
@Module({
  controllers: [ListAuditController, VerifyAuditController],
  providers: [AuditTrail, AuditReader],
  exports: [AuditTrail, AuditReader],
})
export class AuditModule {}
