import { Migration } from '@mikro-orm/migrations';

/** Initial schema: organisations, people, onboarding runs, audit trail, API tokens, idempotency keys. */
export class Migration20261122Initial extends Migration {
  override up(): void {
    this.addSql(
      `create table \`organisations\` (\`ods_code\` text not null primary key, \`name\` text not null, \`type\` text not null, \`created_at\` datetime not null, \`audit_seq\` integer not null default 0, \`audit_head\` text not null default '');`,
    );
    this.addSql(
      `create table \`people\` (\`id\` text not null primary key, \`organisation\` text not null references \`organisations\` (\`ods_code\`), \`name\` text not null, \`email\` text not null, \`role\` text not null, \`created_at\` datetime not null);`,
    );
    this.addSql(`create index \`people_organisation_index\` on \`people\` (\`organisation\`);`);
    this.addSql(`create unique index \`people_organisation_email_role_unique\` on \`people\` (\`organisation\`, \`email\`, \`role\`);`);
    this.addSql(
      `create table \`onboarding_runs\` (\`id\` text not null primary key, \`organisation\` text not null references \`organisations\` (\`ods_code\`), \`catalogue_version\` text not null, \`go_live_date\` text not null, \`state\` json not null, \`version\` integer not null default 1, \`updated_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`onboarding_runs_organisation_unique\` on \`onboarding_runs\` (\`organisation\`);`);
    this.addSql(
      `create table \`audit_events\` (\`id\` integer not null primary key autoincrement, \`organisation\` text not null references \`organisations\` (\`ods_code\`), \`seq\` integer not null, \`type\` text not null, \`payload\` text not null, \`actor_id\` text not null, \`actor_role\` text not null, \`occurred_at\` text not null, \`correlation_id\` text not null, \`prev_hash\` text not null, \`hash\` text not null);`,
    );
    this.addSql(`create unique index \`audit_events_organisation_seq_unique\` on \`audit_events\` (\`organisation\`, \`seq\`);`);
    this.addSql(
      `create table \`api_tokens\` (\`id\` text not null primary key, \`token_hash\` text not null, \`organisation\` text null references \`organisations\` (\`ods_code\`), \`role\` text not null, \`label\` text not null, \`created_by\` text not null, \`created_at\` datetime not null, \`revoked_at\` datetime null);`,
    );
    this.addSql(`create unique index \`api_tokens_token_hash_unique\` on \`api_tokens\` (\`token_hash\`);`);
    this.addSql(
      `create table \`idempotency_keys\` (\`id\` integer not null primary key autoincrement, \`principal\` text not null, \`key\` text not null, \`fingerprint\` text not null, \`status\` integer not null, \`body\` text not null, \`headers\` json not null, \`created_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`idempotency_keys_principal_key_unique\` on \`idempotency_keys\` (\`principal\`, \`key\`);`);
  }
}
