/** The notifications context as other contexts may use it. */
export { MailJobsModule } from './jobs/mail-jobs.module';
export { NotificationsModule } from './notifications.module';
export { ComplianceReportMail } from './jobs/compliance-report-mail';
export { ReminderScan } from './jobs/reminder-scan';
export { WeeklyDigest } from './jobs/weekly-digest';
export { MailWorker } from './mail/mail-worker';
export { MailEventEntity } from './persistence/mail-event.entity';
export { OutboxMessageEntity } from './persistence/outbox-message.entity';
export { ListMail, type MailPage } from './queries/list-mail/list-mail.query';
export { OUTBOX_STATUSES, type OutboxStatus } from './persistence/outbox-message.entity';
