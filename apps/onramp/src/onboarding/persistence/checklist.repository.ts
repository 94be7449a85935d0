import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import { sqlEm } from '../../platform/database/sql-entity-manager';
import { checklistHash, deepFreeze, type Checklist } from '../domain/checklist';
import { ChecklistEntity } from './checklist.entity';

/** Checklists never change once stored, so a process keeps every one it has read. */
const MAX_CACHED = 500;

/**
 * Content-addressed checklists: saved once however many runs use them, read by hash. A stored
 * checklist whose content no longer matches its hash is refused, so a definition edited in the
 * database cannot silently change a run's rules.
 */
@Injectable()
export class ChecklistRepository {
  private readonly cache = new Map<string, Checklist>();

  async get(em: EntityManager, hash: string): Promise<Checklist> {
    const cached = this.cache.get(hash);
    if (cached) return cached;
    const row = await em.findOne(ChecklistEntity, { hash }, { disableIdentityMap: true });
    if (!row) throw new Error(`checklist ${hash} is not stored`);
    const checklist: Checklist = deepFreeze({ hash: row.hash, catalogueVersion: row.catalogueVersion, plugins: row.plugins, definitions: row.definitions });
    const actual = checklistHash(checklist);
    if (actual !== hash) throw new Error(`stored checklist ${hash} was altered: its content now hashes to ${actual}`);
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(hash, checklist);
    return checklist;
  }

  /**
   * Stores the checklist unless a run already did. Concurrent first saves of the same content are
   * harmless (`on conflict do nothing`). Nothing is cached here: the transaction may still roll back.
   */
  async save(em: EntityManager, checklist: Checklist, now: Date): Promise<void> {
    await sqlEm(em)
      .createQueryBuilder(ChecklistEntity)
      .insert({
        hash: checklist.hash,
        catalogueVersion: checklist.catalogueVersion,
        plugins: checklist.plugins,
        definitions: checklist.definitions,
        createdAt: now,
      })
      .onConflict('hash')
      .ignore()
      .execute();
  }
}
