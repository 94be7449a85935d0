import { Migration } from '@mikro-orm/migrations';

/** The mail outbox and the log of delivery outcomes. */
export class Migration20261122MailOutbox extends Migration {
  override up(): void {
    this.addSql(
      `create table "outbox_messages" ("id" bigserial primary key, "message_key" varchar(64) not null, "message_id" varchar(200) not null, "organisation" varchar(9) null references "organisations" ("ods_code"), "purpose" varchar(40) not null, "subject_entity" varchar(200) not null, "occurrence" varchar(100) not null, "recipient_email" varchar(254) not null, "recipient_name" varchar(200) not null, "subject" varchar(300) not null, "html" text not null, "text" text not null, "attachments" jsonb not null, "status" varchar(12) not null default 'pending', "attempts" int not null default 0, "next_attempt_at" bigint not null, "locked_until" bigint null, "last_error" varchar(1000) null, "created_at" timestamptz not null, "sent_at" timestamptz null);`,
    );
    this.addSql(`alter table "outbox_messages" add constraint "outbox_messages_message_key_unique" unique ("message_key");`);
    this.addSql(`create index "outbox_messages_status_next_attempt_at_index" on "outbox_messages" ("status", "next_attempt_at");`);
    this.addSql(
      `create table "mail_events" ("id" bigserial primary key, "outbox_id" bigint not null references "outbox_messages" ("id"), "type" varchar(20) not null, "attempt" int not null, "detail" varchar(1000) not null, "at" timestamptz not null);`,
    );
    this.addSql(`create index "mail_events_outbox_id_index" on "mail_events" ("outbox_id");`);
  }
}
