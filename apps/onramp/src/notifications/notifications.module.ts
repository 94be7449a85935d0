import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../shared/config/app-config';
import { createMailTransport, MAIL_TRANSPORT } from './mail/mail-transport';
import { MailWorker } from './mail/mail-worker';
import { MailReactionsSubscriber } from './events/mail-reactions.subscriber';
import { Outbox } from './mail/outbox';
import { ListMailController } from './queries/list-mail/list-mail.controller';
import { ListMailHandler } from './queries/list-mail/list-mail.handler';
import { ReminderScan } from './jobs/reminder-scan';

/** Outbox, planner and delivery: available to every context that causes mail. */
@Global()
@Module({
  providers: [
    Outbox,
    MailReactionsSubscriber,
    MailWorker,
    ReminderScan,
    ListMailHandler,
    { provide: MAIL_TRANSPORT, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createMailTransport(config) },
  ],
  controllers: [ListMailController],
  exports: [Outbox, MailWorker, ReminderScan],
})
export class NotificationsModule {}
