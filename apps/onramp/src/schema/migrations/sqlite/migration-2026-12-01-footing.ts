import { Migration } from '@mikro-orm/migrations';
import { moveRunsOntoStoredChecklists } from '../footing-data';

/**
 * The footing: checklists stored once, read models (steps, readiness), audit heads in their own
 * table (and a global chain, so audit rows no longer reference an organisation), the envelope of
 * each audit entry, and idempotency records that are reserved in the command's transaction and
 * expire. Old idempotency records are dropped: they held whole responses, secrets included.
 */
export class Migration20261201Footing extends Migration {
  override async up(): Promise<void> {
    const run = (sql: string) => this.execute(sql);
    await run(
      'create table `checklists` (`hash` text not null primary key, `catalogue_version` text not null, `plugins` json not null, `definitions` json not null, `created_at` datetime not null);',
    );
    await run('create table `audit_heads` (`chain` text not null primary key, `seq` integer not null, `head` text not null);');
    await run(
      "insert into `audit_heads` (`chain`, `seq`, `head`) select `ods_code`, `audit_seq`, case when `audit_head` = '' then '0000000000000000000000000000000000000000000000000000000000000000' else `audit_head` end from `organisations`;",
    );
    await run("insert into `audit_heads` (`chain`, `seq`, `head`) values ('*', 0, '0000000000000000000000000000000000000000000000000000000000000000');");
    await run(
      'create table `audit_events_v2` (`id` integer not null primary key autoincrement, `organisation` text not null, `seq` integer not null, `type` text not null, `payload` text not null, `actor_id` text not null, `actor_role` text not null, `actor_label` text null, `occurred_at` text not null, `correlation_id` text not null, `event_id` text null, `causation_id` text null, `hash_version` integer not null, `prev_hash` text not null, `hash` text not null, `mac` text null);',
    );
    await run(
      'insert into `audit_events_v2` (`id`, `organisation`, `seq`, `type`, `payload`, `actor_id`, `actor_role`, `occurred_at`, `correlation_id`, `hash_version`, `prev_hash`, `hash`) select `id`, `organisation`, `seq`, `type`, `payload`, `actor_id`, `actor_role`, `occurred_at`, `correlation_id`, 1, `prev_hash`, `hash` from `audit_events`;',
    );
    await run('drop table `audit_events`;');
    await run('alter table `audit_events_v2` rename to `audit_events`;');
    await run('create unique index `audit_events_organisation_seq_unique` on `audit_events` (`organisation`, `seq`);');
    await run('alter table `organisations` drop column `audit_seq`;');
    await run('alter table `organisations` drop column `audit_head`;');

    await run('drop table `idempotency_keys`;');
    await run(
      'create table `idempotency_keys` (`id` integer not null primary key autoincrement, `principal` text not null, `key` text not null, `fingerprint` text not null, `state` text not null, `status` integer null, `body` text null, `headers` json not null, `omitted` text null, `created_at` datetime not null, `expires_at` datetime not null);',
    );
    await run('create index `idempotency_keys_expires_at_index` on `idempotency_keys` (`expires_at`);');
    await run('create unique index `idempotency_keys_principal_key_unique` on `idempotency_keys` (`principal`, `key`);');

    await run("alter table `onboarding_runs` add column `checklist_hash` text not null default '';");
    await moveRunsOntoStoredChecklists(this.execute.bind(this), 'sqlite');
    await run('alter table `onboarding_runs` drop column `catalogue_version`;');

    await run(
      'create table `onboarding_steps` (`organisation` text not null references `organisations` (`ods_code`), `step_id` text not null, `run_id` text not null, `position` integer not null, `title` text not null, `area` text not null, `owner_role` text not null, `status` text not null, `assignee_id` text null, `due_date` text not null, `gate` integer not null, `sign_off_role` text null, `sign_off_needed` integer not null, `settled` integer not null, `settled_at` text null, `added_by` text not null, primary key (`organisation`, `step_id`));',
    );
    await run('create index `onboarding_steps_organisation_due_date_index` on `onboarding_steps` (`organisation`, `due_date`);');
    await run('create index `onboarding_steps_organisation_area_index` on `onboarding_steps` (`organisation`, `area`);');
    await run('create index `onboarding_steps_organisation_status_index` on `onboarding_steps` (`organisation`, `status`);');
    await run('create index `onboarding_steps_owner_role_status_due_date_index` on `onboarding_steps` (`owner_role`, `status`, `due_date`);');
    await run('create index `onboarding_steps_assignee_id_due_date_index` on `onboarding_steps` (`assignee_id`, `due_date`);');
    await run(
      'create table `readiness_summaries` (`organisation` text not null primary key references `organisations` (`ods_code`), `run_id` text not null, `run_version` integer not null, `organisation_name` text not null, `organisation_type` text not null, `go_live_date` text not null, `score` integer not null, `rag` text not null, `rag_rank` integer not null, `gate_go` integer not null, `gate_open` integer not null, `forecast_completion` text null, `forecast_slack_days` integer null, `overdue` integer not null, `overdue_gate` integer not null, `steps_total` integer not null, `steps_settled` integer not null, `readiness` json not null, `as_of` text not null);',
    );
    await run('create index `readiness_summaries_as_of_index` on `readiness_summaries` (`as_of`);');
    await run('create index `readiness_summaries_organisation_name_index` on `readiness_summaries` (`organisation_name`);');
    await run('create index `readiness_summaries_forecast_slack_days_index` on `readiness_summaries` (`forecast_slack_days`);');
    await run('create index `readiness_summaries_rag_rank_forecast_slack_days_index` on `readiness_summaries` (`rag_rank`, `forecast_slack_days`);');
  }
}
