import { setTimeout as sleep } from 'node:timers/promises';
import { fromKysely, PgBoss, type KyselyTransactionLike } from 'pg-boss';

export const PGBOSS_SCHEMA = 'pgboss';

/** What this needs of a MikroORM instance: its connection, whose Kysely client pg-boss runs on. */
export interface DatabaseHandle {
  em: { getConnection(): unknown };
}

/**
 * Installs or upgrades pg-boss's own schema, as part of `npm run migrate`. The running application
 * starts pg-boss with `migrate: false` (it only checks the version), so the role it connects as
 * needs no right to create schemas, and a pg-boss upgrade is applied by the same command as ours.
 * An upgrade's index builds are background commands in pg-boss (its "BAM"), which only an instance
 * started with `migrate: true` runs: this one waits for them to finish before returning.
 * Returns a line for the list of applied migrations, or null when the schema was already current.
 */
export async function migratePgBoss(orm: DatabaseHandle, schema = PGBOSS_SCHEMA): Promise<string | null> {
  const client = (orm.em.getConnection() as unknown as { getClient(): KyselyTransactionLike }).getClient();
  const boss = new PgBoss({
    db: fromKysely(client),
    schema,
    migrate: true,
    supervise: false,
    schedule: false,
    registerInstance: false,
  });
  const errors: Error[] = [];
  boss.on('error', (e) => errors.push(e));
  const before = (await boss.isInstalled()) ? await boss.schemaVersion() : null;
  await boss.start();
  try {
    for (;;) {
      const status = await boss.getBamStatus();
      const failed = status.find((s) => s.status === 'failed');
      if (failed)
        throw new Error(`pg-boss schema upgrade: ${failed.count} index build(s) failed; see ${schema}.bam${errors[0] ? ` (${errors[0].message})` : ''}`);
      if (!status.some((s) => s.status === 'pending' || s.status === 'in_progress')) break;
      await sleep(250);
    }
    const after = await boss.schemaVersion();
    return after === before ? null : `pg-boss schema "${schema}" ${before === null ? 'installed at' : `upgraded from ${before} to`} version ${after}`;
  } finally {
    await boss.stop({ graceful: true, close: false });
  }
}
