import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { UnitOfWork } from '../../platform/database/unit-of-work';
import { LOGGER } from '../../platform/logging/logger';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { CLOCK, type Clock } from '../../shared/domain/clock';
import { AUDIT_KEYS } from '../audit-keys';
import type { AuditKeys, Checkpoint } from '../domain/audit-signing';
import { AuditHeadEntity } from '../persistence/audit-head.entity';
import { CheckpointStore } from './checkpoint-store';

/**
 * Signs the head of every chain that moved since its last checkpoint and appends the signed
 * checkpoints to the checkpoint directory, outside the database. Only committed heads are read,
 * so a checkpoint is never ahead of the trail it anchors.
 */
@Injectable()
export class CheckpointWriter {
  readonly store: CheckpointStore;
  private known: Map<string, number> | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(AUDIT_KEYS) private readonly keys: AuditKeys,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.store = new CheckpointStore(config.auditCheckpointDir);
  }

  /** Which key signs this process's checkpoints. */
  get keyId(): string {
    return this.keys.keyId;
  }

  /** Checkpoints every chain whose head moved; returns the checkpoints written. */
  async checkpointMovedChains(): Promise<Checkpoint[]> {
    const known = await this.knownSeqs();
    const heads = await this.uow.reader().find(AuditHeadEntity, {}, { disableIdentityMap: true, orderBy: { chain: 'asc' } });
    const at = this.clock.now().toISOString();
    const fresh = heads.filter((h) => h.seq > (known.get(h.chain) ?? 0)).map((h) => this.keys.sign({ chain: h.chain, seq: h.seq, head: h.head, at }));
    if (fresh.length === 0) return [];
    await this.store.append(fresh);
    for (const c of fresh) known.set(c.chain, c.seq);
    this.logger.info({ chains: fresh.length, dir: this.store.dir }, 'audit checkpoints written');
    return fresh;
  }

  /** The latest checkpoint of every chain, signing the current heads first (for the national report). */
  async currentCheckpoints(): Promise<Checkpoint[]> {
    await this.checkpointMovedChains();
    const { latest } = await this.store.readLatest(this.keys);
    return [...latest.values()].sort((a, b) => a.chain.localeCompare(b.chain));
  }

  private async knownSeqs(): Promise<Map<string, number>> {
    if (!this.known) {
      const { latest } = await this.store.readLatest(this.keys);
      this.known = new Map([...latest].map(([chain, c]) => [chain, c.seq]));
    }
    return this.known;
  }
}
