import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../shared/config/app-config';
import { createMailTransport, MAIL_TRANSPORT } from './mail/mail-transport';
import { MailWorker } from './mail/mail-worker';
import { NotificationPlanner } from './mail/notification-planner';
import { Outbox } from './mail/outbox';
import { ListMailController } from './queries/list-mail/list-mail.controller';
import { ReminderScan } from './jobs/reminder-scan';

/** Outbox, planner and delivery: available to every context that causes mail. */
@Global()
@Module({
  providers: [
    Outbox,
    NotificationPlanner,
    MailWorker,
    ReminderScan,
    { provide: MAIL_TRANSPORT, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createMailTransport(config) },
  ],
  controllers: [ListMailController],
  exports: [Outbox, NotificationPlanner, MailWorker, ReminderScan],
})
export class NotificationsModule {}
