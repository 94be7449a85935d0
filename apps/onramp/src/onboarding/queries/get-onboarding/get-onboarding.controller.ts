import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Requires } from '../../../identity/http/auth.guard';
import { OdsCodePipe } from '../../../organisations/ods-code.pipe';
import { UnitOfWork, organisationNotFound } from '../../../platform/database/unit-of-work';
import { OrganisationEntity } from '../../../organisations/persistence/organisation.entity';
import { OnboardingErrors } from '../../domain/onboarding.errors';
import { OnboardingViewService } from '../../onboarding-view.service';
import { OnboardingRunRepository } from '../../persistence/onboarding-run.repository';

@ApiTags('onboarding')
@ApiBearerAuth()
@Controller('api/v1/organisations/:ods/onboarding')
export class GetOnboardingController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly runs: OnboardingRunRepository,
    private readonly views: OnboardingViewService,
  ) {}

  @Get()
  @Requires('read')
  @ApiOperation({ summary: 'The onboarding run: version (also the ETag), catalogue version, go-live date and every step' })
  async get(@Param('ods', OdsCodePipe) ods: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const em = this.uow.reader();
    if (!(await em.findOne(OrganisationEntity, { odsCode: ods }))) throw organisationNotFound(ods);
    const run = await this.runs.find(em, ods);
    if (!run) throw OnboardingErrors.runNotFound(ods);
    return this.views.run(run, reply);
  }
}
