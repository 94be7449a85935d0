import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { OrganisationRepository } from '../../../organisations';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { OnboardingViewService } from '../../onboarding-view.service';
import { runView } from '../../onboarding.view';
import { OnboardingRunRepository } from '../../persistence/onboarding-run.repository';
import { GetOnboarding } from './get-onboarding.query';

@QueryHandler(GetOnboarding)
export class GetOnboardingHandler implements IQueryHandler<GetOnboarding> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
    private readonly runs: OnboardingRunRepository,
    private readonly views: OnboardingViewService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(q: GetOnboarding) {
    const em = this.uow.reader();
    await this.organisations.get(em, q.ods);
    const run = await this.runs.get(em, q.ods);
    return runView(run, await this.views.people(q.ods, em), this.clock.now());
  }
}
