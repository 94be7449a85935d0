import { Migration } from '@mikro-orm/migrations';
import { moveRunsOntoStoredChecklists } from '../footing-data';

/** See the SQLite migration of the same name: the same changes, in PostgreSQL's words. */
export class Migration20261201Footing extends Migration {
  override async up(): Promise<void> {
    const run = (sql: string) => this.execute(sql);
    await run(
      'create table "checklists" ("hash" varchar(64) not null, "catalogue_version" varchar(32) not null, "plugins" jsonb not null, "definitions" jsonb not null, "created_at" timestamptz not null, primary key ("hash"));',
    );
    await run('create table "audit_heads" ("chain" varchar(9) not null, "seq" int not null, "head" varchar(64) not null, primary key ("chain"));');
    await run(
      'insert into "audit_heads" ("chain", "seq", "head") select "ods_code", "audit_seq", case when "audit_head" = \'\' then repeat(\'0\', 64) else "audit_head" end from "organisations";',
    );
    await run('insert into "audit_heads" ("chain", "seq", "head") values (\'*\', 0, repeat(\'0\', 64));');
    await run('alter table "audit_events" drop constraint if exists "audit_events_organisation_fkey";');
    await run(
      'alter table "audit_events" add column "actor_label" varchar(200) null, add column "event_id" varchar(36) null, add column "causation_id" varchar(64) null, add column "hash_version" int not null default 1, add column "mac" varchar(64) null;',
    );
    await run('alter table "audit_events" alter column "hash_version" drop default;');
    await run('alter table "organisations" drop column "audit_seq", drop column "audit_head";');

    await run('drop table "idempotency_keys";');
    await run(
      'create table "idempotency_keys" ("id" bigserial primary key, "principal" varchar(64) not null, "key" varchar(255) not null, "fingerprint" varchar(64) not null, "state" varchar(12) not null, "status" int null, "body" text null, "headers" jsonb not null, "omitted" varchar(200) null, "created_at" timestamptz not null, "expires_at" timestamptz not null);',
    );
    await run('create index "idempotency_keys_expires_at_index" on "idempotency_keys" ("expires_at");');
    await run('alter table "idempotency_keys" add constraint "idempotency_keys_principal_key_unique" unique ("principal", "key");');

    await run('alter table "onboarding_runs" add column "checklist_hash" varchar(64) not null default \'\';');
    await moveRunsOntoStoredChecklists(this.execute.bind(this), 'postgresql');
    await run('alter table "onboarding_runs" alter column "checklist_hash" drop default, drop column "catalogue_version";');

    await run(
      'create table "onboarding_steps" ("organisation" varchar(9) not null references "organisations" ("ods_code"), "step_id" varchar(120) not null, "run_id" varchar(36) not null, "position" int not null, "title" varchar(200) not null, "area" varchar(40) not null, "owner_role" varchar(40) not null, "status" varchar(20) not null, "assignee_id" varchar(36) null, "due_date" varchar(10) not null, "gate" boolean not null, "sign_off_role" varchar(40) null, "sign_off_needed" boolean not null, "settled" boolean not null, "settled_at" varchar(30) null, "added_by" varchar(60) not null, primary key ("organisation", "step_id"));',
    );
    await run('create index "onboarding_steps_organisation_due_date_index" on "onboarding_steps" ("organisation", "due_date");');
    await run('create index "onboarding_steps_organisation_area_index" on "onboarding_steps" ("organisation", "area");');
    await run('create index "onboarding_steps_organisation_status_index" on "onboarding_steps" ("organisation", "status");');
    await run('create index "onboarding_steps_owner_role_status_due_date_index" on "onboarding_steps" ("owner_role", "status", "due_date");');
    await run('create index "onboarding_steps_assignee_id_due_date_index" on "onboarding_steps" ("assignee_id", "due_date");');
    await run(
      'create table "readiness_summaries" ("organisation" varchar(9) not null references "organisations" ("ods_code"), "run_id" varchar(36) not null, "run_version" int not null, "organisation_name" varchar(200) not null, "organisation_type" varchar(32) not null, "go_live_date" varchar(10) not null, "score" int not null, "rag" varchar(5) not null, "rag_rank" int not null, "gate_go" boolean not null, "gate_open" int not null, "forecast_completion" varchar(10) null, "forecast_slack_days" int null, "overdue" int not null, "overdue_gate" int not null, "steps_total" int not null, "steps_settled" int not null, "readiness" jsonb not null, "as_of" varchar(10) not null, primary key ("organisation"));',
    );
    await run('create index "readiness_summaries_as_of_index" on "readiness_summaries" ("as_of");');
    await run('create index "readiness_summaries_organisation_name_index" on "readiness_summaries" ("organisation_name");');
    await run('create index "readiness_summaries_forecast_slack_days_index" on "readiness_summaries" ("forecast_slack_days");');
    await run('create index "readiness_summaries_rag_rank_forecast_slack_days_index" on "readiness_summaries" ("rag_rank", "forecast_slack_days");');
  }
}
