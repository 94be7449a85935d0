import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { OnboardingErrors, OnboardingRunRepository } from '../../../onboarding';
import { OrganisationRepository } from '../../../organisations';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { CLOCK, type Clock, toIsoDate } from '../../../shared/domain/clock';
import type { Readiness } from '../../domain/readiness.calculator';
import { ReadinessService } from '../../readiness.service';
import { GetReadiness, type ReadinessView } from './get-readiness.query';

/**
 * Readiness from the read model: one row. A row computed on an earlier day (before the daily
 * refresh reached it) is recomputed for today, so overdue steps are never yesterday's.
 */
@QueryHandler(GetReadiness)
export class GetReadinessHandler implements IQueryHandler<GetReadiness> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
    private readonly runs: OnboardingRunRepository,
    private readonly readiness: ReadinessService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(q: GetReadiness): Promise<ReadinessView> {
    const sql = this.uow.sql();
    const row = await sql.one<{ readiness: unknown; run_version: number; as_of: string }>(
      'select readiness, run_version, as_of from readiness_summaries where organisation = ?',
      [q.ods],
    );
    if (row && row.as_of === toIsoDate(this.clock.now())) return { version: Number(row.run_version), ...sql.readJson<Readiness>(row.readiness) };
    const em = this.uow.reader();
    const organisation = await this.organisations.get(em, q.ods);
    const run = await this.runs.find(em, q.ods);
    if (!run) throw OnboardingErrors.runNotFound(q.ods);
    return { version: run.version, ...this.readiness.assess(run, organisation) };
  }
}
