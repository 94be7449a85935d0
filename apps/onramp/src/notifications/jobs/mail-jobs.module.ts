import { Module } from '@nestjs/common';
import { OnboardingModule } from '../../onboarding/onboarding.module';
import { ReportsModule } from '../../reports/reports.module';
import { SendComplianceReportController } from '../commands/send-compliance-report/send-compliance-report.controller';
import { ComplianceReportMail } from './compliance-report-mail';
import { MailScheduler } from './mail-scheduler';
import { WeeklyDigest } from './weekly-digest';

/** Scheduled and on-demand mail that reads across contexts (readiness, reports). */
@Module({
  imports: [OnboardingModule, ReportsModule],
  providers: [WeeklyDigest, ComplianceReportMail, MailScheduler],
  controllers: [SendComplianceReportController],
  exports: [WeeklyDigest, ComplianceReportMail],
})
export class MailJobsModule {}
