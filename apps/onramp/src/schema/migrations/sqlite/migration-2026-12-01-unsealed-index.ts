import { Migration } from '@mikro-orm/migrations';

/**
 * Every start looks for audit entries written before entries were sealed (`mac` null), to adopt
 * them. Without an index that is a scan of the whole trail (78 ms at 10,000 organisations, growing
 * with every event); a partial index over the unsealed entries, normally none, answers at once.
 */
export class Migration20261201UnsealedIndex extends Migration {
  override up(): void {
    this.addSql('create index `audit_events_unsealed_index` on `audit_events` (`organisation`) where `mac` is null;');
  }

  override down(): void {
    this.addSql('drop index `audit_events_unsealed_index`;');
  }
}
