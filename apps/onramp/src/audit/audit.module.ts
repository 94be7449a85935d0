import { Global, Inject, Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { JOB_RUNNER, type JobRunner } from '../platform/jobs/job-runner';
import { LOGGER } from '../platform/logging/logger';
import { APP_CONFIG, type AppConfig } from '../shared/config/app-config';
import { AUDIT_KEYS, auditKeysFor } from './audit-keys';
import { AuditSeal } from './audit-seal';
import { CheckpointWriter } from './checkpoints/checkpoint-writer';
import { LegacyTrailAdoption } from './checkpoints/legacy-adoption';
import { AuditTrailSubscriber } from './events/audit-trail.subscriber';
import { ListAuditController } from './queries/list-audit/list-audit.controller';
import { VerifyAuditController } from './queries/verify-audit/verify-audit.controller';
import { ListAuditHandler } from './queries/list-audit/list-audit.handler';
import { VerifyAuditHandler } from './queries/verify-audit/verify-audit.handler';
import { AuditVerifier } from './verification/audit-verifier';
import { ProjectionRebuild } from './replay/projection-rebuild';
import { TrailReplay } from './replay/trail-replay';

const CHECKPOINT_QUEUE = 'audit-checkpoint';

/**
 * The audit trail: appended in every command's transaction, sealed with a key the database never
 * holds, anchored by signed checkpoints written outside the database on a schedule (once across
 * instances), and verified by replaying it.
 */
@Global()
@Module({
  controllers: [ListAuditController, VerifyAuditController],
  providers: [
    { provide: AUDIT_KEYS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => auditKeysFor(config) },
    AuditSeal,
    AuditTrailSubscriber,
    CheckpointWriter,
    LegacyTrailAdoption,
    AuditVerifier,
    VerifyAuditHandler,
    ListAuditHandler,
    TrailReplay,
    ProjectionRebuild,
  ],
  exports: [AuditVerifier, CheckpointWriter, LegacyTrailAdoption, ProjectionRebuild],
})
export class AuditModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(JOB_RUNNER) private readonly jobs: JobRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly checkpoints: CheckpointWriter,
    private readonly adoption: LegacyTrailAdoption,
    private readonly projections: ProjectionRebuild,
  ) {}

  async onModuleInit() {
    await this.jobs.declareQueue(CHECKPOINT_QUEUE, { retryLimit: 5, retryDelaySeconds: 10 });
    await this.jobs.work(CHECKPOINT_QUEUE, async () => {
      await this.checkpoints.checkpointMovedChains();
    });
    await this.jobs.schedule(CHECKPOINT_QUEUE, this.config.auditCheckpointCron);
  }

  /** A trail written before entries were sealed is adopted at the first start with a key; runs without read models get them. */
  async onApplicationBootstrap() {
    if (!this.config.backgroundJobs) return;
    const result = await this.adoption.adopt();
    if (result.refused.length) this.logger.warn({ chains: result.refused }, 'audit chains that do not verify were not sealed: run "onramp audit verify"');
    const rebuilt = await this.projections.rebuildMissing();
    if (rebuilt.length) this.logger.info({ organisations: rebuilt.length }, 'read models rebuilt from the audit trail for runs that had none');
  }
}
