import { Migration } from '@mikro-orm/migrations';

/**
 * People become accounts (issue 9): one `users` row per email, the organisations' `people` rows
 * being that person's roles there (matched by email, removable while keeping history); web
 * sessions; single-use links to set or reset a password; personal access tokens; and the
 * organisation setting that allows a person to sign off what they completed themselves.
 */
export class Migration20261202Accounts extends Migration {
  override up(): void {
    this.addSql(
      'create table `users` (`id` text not null primary key, `email` text not null, `name` text not null, `password_hash` text null, `password_set_at` datetime null, `global_role` text null, `created_at` datetime not null);',
    );
    this.addSql('create unique index `users_email_unique` on `users` (`email`);');
    // Everyone already recorded on an organisation gets an account (no password yet: "invite again" sends the link).
    this.addSql(
      'insert into `users` (`id`, `email`, `name`, `created_at`) select lower(hex(randomblob(16))), `email`, max(`name`), min(`created_at`) from `people` group by `email`;',
    );
    this.addSql("alter table `people` add column `access_role` text not null default 'contributor';");
    this.addSql("update `people` set `access_role` = `role` where `role` in ('implementation-lead', 'clinical-lead');");
    this.addSql('alter table `people` add column `removed_at` datetime null;');
    this.addSql('create index `people_email_index` on `people` (`email`);');
    this.addSql(
      'create table `sessions` (`id` text not null primary key, `user_id` text not null references `users` (`id`), `created_at` datetime not null, `last_seen_at` datetime not null);',
    );
    this.addSql('create index `sessions_user_id_index` on `sessions` (`user_id`);');
    this.addSql(
      'create table `account_links` (`token_hash` text not null primary key, `user_id` text not null references `users` (`id`), `purpose` text not null, `return_to` text null, `created_at` datetime not null, `expires_at` datetime not null, `used_at` datetime null);',
    );
    this.addSql('create index `account_links_user_id_index` on `account_links` (`user_id`);');
    this.addSql('alter table `api_tokens` add column `user_id` text null references `users` (`id`);');
    this.addSql('alter table `organisations` add column `allow_self_sign_off` integer not null default 0;');
  }
}
