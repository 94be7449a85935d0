import { Migration } from '@mikro-orm/migrations';

/**
 * The SQLite job engine's tables: jobs (pg-boss's states and retry columns; instants in epoch
 * milliseconds) and the schedules both databases share. At most one live job per queue and
 * singleton key, enforced by a partial unique index.
 */
export class Migration20261201Jobs extends Migration {
  override up(): void {
    this.addSql(
      `create table \`jobs\` (\`id\` text not null primary key, \`queue\` text not null, \`state\` text not null, \`data\` text not null, \`singleton_key\` text null, \`attempts\` integer not null default 0, \`retry_limit\` integer not null, \`retry_delay\` integer not null, \`retry_backoff\` integer not null, \`retry_delay_max\` integer not null, \`heartbeat_seconds\` integer not null, \`expire_seconds\` integer not null, \`dead_letter\` text null, \`run_after\` bigint not null, \`created_at\` bigint not null, \`started_at\` bigint null, \`heartbeat_at\` bigint null, \`completed_at\` bigint null, \`last_error\` text null);`,
    );
    this.addSql(
      `create unique index \`jobs_queue_singleton_key_live_unique\` on \`jobs\` (\`queue\`, \`singleton_key\`) where \`singleton_key\` is not null and \`state\` in ('created', 'retry', 'active');`,
    );
    this.addSql(`create index \`jobs_queue_state_run_after_index\` on \`jobs\` (\`queue\`, \`state\`, \`run_after\`);`);
    this.addSql(`create index \`jobs_state_completed_at_index\` on \`jobs\` (\`state\`, \`completed_at\`);`);
    this.addSql(
      `create table \`job_schedules\` (\`name\` text not null primary key, \`cron\` text not null, \`timezone\` text not null, \`last_occurrence\` bigint null, \`created_at\` bigint not null, \`updated_at\` bigint not null);`,
    );
  }
}
