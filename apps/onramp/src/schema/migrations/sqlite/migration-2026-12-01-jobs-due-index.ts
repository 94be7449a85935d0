import { Migration } from '@mikro-orm/migrations';

/**
 * The SQLite job engine claims the oldest due jobs of a queue. An index over waiting jobs only, in
 * the order they are claimed, lets it read the first few instead of sorting every waiting job on
 * each claim (a backlog of thousands of emails made each claim cost milliseconds).
 */
export class Migration20261201JobsDueIndex extends Migration {
  override up(): void {
    this.addSql(`create index \`jobs_due_index\` on \`jobs\` (\`queue\`, \`run_after\`, \`created_at\`) where \`state\` in ('created', 'retry');`);
  }

  override down(): void {
    this.addSql('drop index `jobs_due_index`;');
  }
}
