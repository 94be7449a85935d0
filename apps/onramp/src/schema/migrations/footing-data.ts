import type { Migration } from '@mikro-orm/migrations';
import { fromLegacyDocument } from '../../onboarding/schema';

type Execute = Migration['execute'];

/**
 * Moves every run onto a content-addressed checklist: the definitions each run copied are stored
 * once per distinct checklist, and the run keeps only its own (compact) state. No run or pinned
 * version is lost: the checklist a run used is exactly the definitions it held.
 */
export async function moveRunsOntoStoredChecklists(execute: Execute, dialect: 'sqlite' | 'postgresql'): Promise<number> {
  const q = (name: string) => (dialect === 'sqlite' ? `\`${name}\`` : `"${name}"`);
  const runs = (await execute(`select ${q('id')}, ${q('state')}, ${q('updated_at')} from ${q('onboarding_runs')}`)) as {
    id: string;
    state: unknown;
    updated_at: unknown;
  }[];
  const stored = new Set<string>();
  for (const row of runs) {
    const legacy = (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as Parameters<typeof fromLegacyDocument>[0];
    const { checklist, state } = fromLegacyDocument(legacy);
    if (!stored.has(checklist.hash)) {
      await execute(
        `insert into ${q('checklists')} (${q('hash')}, ${q('catalogue_version')}, ${q('plugins')}, ${q('definitions')}, ${q('created_at')}) values (?, ?, ?, ?, ?) on conflict (${q('hash')}) do nothing`,
        [checklist.hash, checklist.catalogueVersion, JSON.stringify(checklist.plugins), JSON.stringify(checklist.definitions), row.updated_at],
      );
      stored.add(checklist.hash);
    }
    await execute(`update ${q('onboarding_runs')} set ${q('checklist_hash')} = ?, ${q('state')} = ? where ${q('id')} = ?`, [
      checklist.hash,
      JSON.stringify(state),
      row.id,
    ]);
  }
  return runs.length;
}
