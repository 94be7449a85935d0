import { Injectable } from '@nestjs/common';
import { OnboardingRun, OnboardingRunEntity, OnboardingStepRow, OnboardingStepsProjection } from '../../onboarding';
import { OrganisationRepository } from '../../organisations';
import { sqlEm } from '../../platform/database/sql-entity-manager';
import { UnitOfWork } from '../../platform/database/unit-of-work';
import { ReadinessSummaryProjection, ReadinessSummaryRow } from '../../readiness';
import { systemMeta } from '../../shared/domain/roles';
import { TrailReplay } from './trail-replay';

/**
 * Rebuilds the read models (the step rows and the readiness summary) of an organisation from its
 * audit trail: the run is replayed from its events and the projections write what it holds, as
 * the subscribers would have. `onramp projections rebuild` runs it for one organisation or all.
 */
@Injectable()
export class ProjectionRebuild {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly replay: TrailReplay,
    private readonly organisations: OrganisationRepository,
    private readonly steps: OnboardingStepsProjection,
    private readonly readiness: ReadinessSummaryProjection,
  ) {}

  /** Returns whether the organisation has a run (and so read models) at all. */
  async rebuild(ods: string): Promise<boolean> {
    return this.uow.run(systemMeta('projection-rebuild', `projection-rebuild:${ods}`), async (tx) => {
      const organisation = await this.organisations.get(tx.em, ods);
      const run = await this.replay.replayRun(tx.em, ods);
      await tx.em.nativeDelete(OnboardingStepRow, { organisation: ods });
      await tx.em.nativeDelete(ReadinessSummaryRow, { organisation: ods });
      if (!run) return false;
      const stored = await tx.em.findOne(OnboardingRunEntity, { organisation: ods }, { fields: ['version'], disableIdentityMap: true });
      // The replayed run carries the stored version, so the summary names the version a reader sees.
      const current = OnboardingRun.restore(run.snapshot(), stored?.version ?? 0);
      await this.steps.writeAll(tx.em, current);
      await this.readiness.write(tx.em, current, organisation);
      return true;
    });
  }

  /**
   * Rebuilds the read models of runs that have none (a database upgraded from before read models
   * existed, or rows lost): checked at start-up, one query when there is nothing to do.
   */
  async rebuildMissing(): Promise<string[]> {
    // One anti-join in the database: with every provider in England, loading both lists cost more at each start than the rest of it.
    const missing = (
      await sqlEm(this.uow.reader())
        .getConnection()
        .execute<{ organisation: string }[]>(
          'select r.organisation from onboarding_runs r where not exists (select 1 from readiness_summaries s where s.organisation = r.organisation) order by r.organisation',
        )
    ).map((r) => r.organisation);
    for (const ods of missing) await this.rebuild(ods);
    return missing;
  }

  /** Every organisation with a run, in turn. */
  async rebuildAll(progress: (done: number, total: number, ods: string) => void = () => undefined): Promise<number> {
    const runs = await this.uow
      .reader()
      .find(OnboardingRunEntity, {}, { fields: ['organisation'], orderBy: { organisation: 'asc' }, disableIdentityMap: true });
    for (const [i, r] of runs.entries()) {
      await this.rebuild(r.organisation);
      progress(i + 1, runs.length, r.organisation);
    }
    return runs.length;
  }
}
