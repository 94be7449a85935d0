import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../identity/http/auth.guard';
import { OdsCodePipe } from '../../../organisations/ods-code.pipe';
import { UnitOfWork, organisationNotFound } from '../../../platform/database/unit-of-work';
import { OrganisationEntity } from '../../../organisations/persistence/organisation.entity';
import { OnboardingErrors } from '../../domain/onboarding.errors';
import { ReadinessService } from '../../readiness.service';
import { OnboardingRunRepository } from '../../persistence/onboarding-run.repository';

@ApiTags('readiness')
@ApiBearerAuth()
@Controller('api/v1/organisations/:ods/readiness')
export class GetReadinessController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly runs: OnboardingRunRepository,
    private readonly readiness: ReadinessService,
  ) {}

  @Get()
  @Requires('read')
  @ApiOperation({ summary: 'Readiness: weighted score overall and per area, RAG with reasons, go/no-go gate, blockers, forecast against go-live' })
  async get(@Param('ods', OdsCodePipe) ods: string) {
    const em = this.uow.reader();
    const organisation = await em.findOne(OrganisationEntity, { odsCode: ods });
    if (!organisation) throw organisationNotFound(ods);
    const run = await this.runs.find(em, ods);
    if (!run) throw OnboardingErrors.runNotFound(ods);
    return { version: run.version, ...this.readiness.assess(run, organisation) };
  }
}
