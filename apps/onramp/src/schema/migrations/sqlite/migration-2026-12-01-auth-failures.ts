import { Migration } from '@mikro-orm/migrations';

/**
 * Failed authentication counts per client address, read and written by rate-limiter-flexible's
 * RateLimiterSQLite (identity/auth-failure.limiter.ts); the columns are the library's own layout.
 */
export class Migration20261201AuthFailures extends Migration {
  override up(): void {
    this.addSql('create table `auth_failures` (`key` text not null primary key, `points` integer not null default 0, `expire` integer null);');
  }
}
