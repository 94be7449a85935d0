import { Migration } from '@mikro-orm/migrations';

/** The mail outbox and the log of delivery outcomes. */
export class Migration20261122MailOutbox extends Migration {
  override up(): void {
    this.addSql(
      `create table \`outbox_messages\` (\`id\` integer not null primary key autoincrement, \`message_key\` text not null, \`message_id\` text not null, \`organisation\` text null references \`organisations\` (\`ods_code\`), \`purpose\` text not null, \`subject_entity\` text not null, \`occurrence\` text not null, \`recipient_email\` text not null, \`recipient_name\` text not null, \`subject\` text not null, \`html\` text not null, \`text\` text not null, \`attachments\` json not null, \`status\` text not null default 'pending', \`attempts\` integer not null default 0, \`next_attempt_at\` bigint not null, \`locked_until\` bigint null, \`last_error\` text null, \`created_at\` datetime not null, \`sent_at\` datetime null);`,
    );
    this.addSql(`create unique index \`outbox_messages_message_key_unique\` on \`outbox_messages\` (\`message_key\`);`);
    this.addSql(`create index \`outbox_messages_status_next_attempt_at_index\` on \`outbox_messages\` (\`status\`, \`next_attempt_at\`);`);
    this.addSql(
      `create table \`mail_events\` (\`id\` integer not null primary key autoincrement, \`outbox_id\` bigint not null references \`outbox_messages\` (\`id\`), \`type\` text not null, \`attempt\` integer not null, \`detail\` text not null, \`at\` datetime not null);`,
    );
    this.addSql(`create index \`mail_events_outbox_id_index\` on \`mail_events\` (\`outbox_id\`);`);
  }
}
