import { Migration } from '@mikro-orm/migrations';

/** See the SQLite migration of the same name: the same changes, in PostgreSQL's words. */
export class Migration20261202Accounts extends Migration {
  override up(): void {
    this.addSql(
      'create table "users" ("id" varchar(36) not null, "email" varchar(254) not null, "name" varchar(200) not null, "password_hash" varchar(200) null, "password_set_at" timestamptz null, "global_role" varchar(32) null, "created_at" timestamptz not null, primary key ("id"));',
    );
    this.addSql('alter table "users" add constraint "users_email_unique" unique ("email");');
    this.addSql(
      'insert into "users" ("id", "email", "name", "created_at") select gen_random_uuid()::text, "email", max("name"), min("created_at") from "people" group by "email";',
    );
    this.addSql('alter table "people" add column "access_role" varchar(32) not null default \'contributor\', add column "removed_at" timestamptz null;');
    this.addSql('alter table "people" alter column "access_role" drop default;');
    this.addSql('update "people" set "access_role" = "role" where "role" in (\'implementation-lead\', \'clinical-lead\');');
    this.addSql('create index "people_email_index" on "people" ("email");');
    this.addSql(
      'create table "sessions" ("id" varchar(64) not null, "user_id" varchar(36) not null references "users" ("id"), "created_at" timestamptz not null, "last_seen_at" timestamptz not null, primary key ("id"));',
    );
    this.addSql('create index "sessions_user_id_index" on "sessions" ("user_id");');
    this.addSql(
      'create table "account_links" ("token_hash" varchar(64) not null, "user_id" varchar(36) not null references "users" ("id"), "purpose" varchar(20) not null, "return_to" varchar(500) null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, primary key ("token_hash"));',
    );
    this.addSql('create index "account_links_user_id_index" on "account_links" ("user_id");');
    this.addSql('alter table "api_tokens" add column "user_id" varchar(36) null references "users" ("id");');
    this.addSql('alter table "organisations" add column "allow_self_sign_off" boolean not null default false;');
  }
}
