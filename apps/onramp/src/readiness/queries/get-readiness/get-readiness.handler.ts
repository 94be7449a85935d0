import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { OnboardingErrors, OnboardingRunRepository } from '../../../onboarding';
import { OrganisationRepository } from '../../../organisations';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { CLOCK, type Clock, toIsoDate } from '../../../shared/domain/clock';
import { ReadinessSummaryRow } from '../../persistence/readiness-summary.entity';
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
    const em = this.uow.reader();
    const row = await em.findOne(ReadinessSummaryRow, { organisation: q.ods }, { disableIdentityMap: true, fields: ['readiness', 'runVersion', 'asOf'] });
    if (row && row.asOf === toIsoDate(this.clock.now())) return { version: row.runVersion, ...row.readiness };
    const organisation = await this.organisations.get(em, q.ods);
    const run = await this.runs.find(em, q.ods);
    if (!run) throw OnboardingErrors.runNotFound(q.ods);
    return { version: run.version, ...this.readiness.assess(run, organisation) };
  }
}
