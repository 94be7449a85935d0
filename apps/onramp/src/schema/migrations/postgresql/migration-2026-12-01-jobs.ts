import { Migration } from '@mikro-orm/migrations';

/**
 * The schedules of the job engine (the latest occurrence sent per schedule). The jobs themselves
 * live in pg-boss's own schema, which `npm run migrate` installs after these migrations.
 */
export class Migration20261201Jobs extends Migration {
  override up(): void {
    this.addSql(
      `create table "job_schedules" ("name" varchar(100) not null primary key, "cron" varchar(100) not null, "timezone" varchar(64) not null, "last_occurrence" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
  }
}
