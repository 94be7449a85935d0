import { Module } from '@nestjs/common';
import { ReportsModule } from '../../reports';
import { SendComplianceReportController } from '../commands/send-compliance-report/send-compliance-report.controller';
import { ComplianceReportMail } from './compliance-report-mail';
import { MailSchedules } from './mail-schedules';
import { WeeklyDigest } from './weekly-digest';

/** Scheduled and on-demand mail that reads across contexts (readiness, reports). */
@Module({
  imports: [ReportsModule],
  providers: [WeeklyDigest, ComplianceReportMail, MailSchedules],
  controllers: [SendComplianceReportController],
  exports: [WeeklyDigest, ComplianceReportMail],
})
export class MailJobsModule {}
