import { Migration } from '@mikro-orm/migrations';

/** Initial schema: organisations, people, onboarding runs, audit trail, API tokens, idempotency keys. */
export class Migration20261122Initial extends Migration {
  override up(): void {
    this.addSql(
      `create table "organisations" ("ods_code" varchar(9) not null, "name" varchar(200) not null, "type" varchar(32) not null, "created_at" timestamptz not null, "audit_seq" int not null default 0, "audit_head" varchar(64) not null default '', primary key ("ods_code"));`,
    );
    this.addSql(
      `create table "people" ("id" varchar(36) not null, "organisation" varchar(9) not null references "organisations" ("ods_code"), "name" varchar(200) not null, "email" varchar(254) not null, "role" varchar(40) not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "people_organisation_index" on "people" ("organisation");`);
    this.addSql(`alter table "people" add constraint "people_organisation_email_role_unique" unique ("organisation", "email", "role");`);
    this.addSql(
      `create table "onboarding_runs" ("id" varchar(36) not null, "organisation" varchar(9) not null references "organisations" ("ods_code"), "catalogue_version" varchar(32) not null, "go_live_date" varchar(10) not null, "state" jsonb not null, "version" int not null default 1, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "onboarding_runs" add constraint "onboarding_runs_organisation_unique" unique ("organisation");`);
    this.addSql(
      `create table "audit_events" ("id" bigserial primary key, "organisation" varchar(9) not null references "organisations" ("ods_code"), "seq" int not null, "type" varchar(64) not null, "payload" text not null, "actor_id" varchar(64) not null, "actor_role" varchar(32) not null, "occurred_at" varchar(30) not null, "correlation_id" varchar(64) not null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null);`,
    );
    this.addSql(`alter table "audit_events" add constraint "audit_events_organisation_seq_unique" unique ("organisation", "seq");`);
    this.addSql(
      `create table "api_tokens" ("id" varchar(36) not null, "token_hash" varchar(64) not null, "organisation" varchar(9) null references "organisations" ("ods_code"), "role" varchar(32) not null, "label" varchar(100) not null, "created_by" varchar(64) not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`alter table "api_tokens" add constraint "api_tokens_token_hash_unique" unique ("token_hash");`);
    this.addSql(
      `create table "idempotency_keys" ("id" bigserial primary key, "principal" varchar(64) not null, "key" varchar(255) not null, "fingerprint" varchar(64) not null, "status" int not null, "body" text not null, "headers" jsonb not null, "created_at" timestamptz not null);`,
    );
    this.addSql(`alter table "idempotency_keys" add constraint "idempotency_keys_principal_key_unique" unique ("principal", "key");`);
  }
}
