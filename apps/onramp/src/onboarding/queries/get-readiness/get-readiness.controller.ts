import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../identity/http/auth.guard';
import { OdsCodePipe } from '../../../organisations/ods-code.pipe';
import { UnitOfWork, organisationNotFound } from '../../../platform/database/unit-of-work';
import { OrganisationEntity } from '../../../organisations/persistence/organisation.entity';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { OnboardingErrors } from '../../domain/onboarding.errors';
import { calculateReadiness } from '../../domain/readiness.calculator';
import { OnboardingRunRepository } from '../../persistence/onboarding-run.repository';

@ApiTags('readiness')
@ApiBearerAuth()
@Controller('api/v1/organisations/:ods/readiness')
export class GetReadinessController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly runs: OnboardingRunRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Requires('read')
  @ApiOperation({ summary: 'Readiness: weighted score overall and per area, RAG with reasons, go/no-go gate, blockers, forecast against go-live' })
  async get(@Param('ods', OdsCodePipe) ods: string) {
    const em = this.uow.reader();
    if (!(await em.findOne(OrganisationEntity, { odsCode: ods }))) throw organisationNotFound(ods);
    const run = await this.runs.find(em, ods);
    if (!run) throw OnboardingErrors.runNotFound(ods);
    return { version: run.version, ...calculateReadiness(run.snapshot(), this.clock.now()) };
  }
}
