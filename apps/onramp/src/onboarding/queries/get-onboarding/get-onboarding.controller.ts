import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Requires } from '../../../identity/http/auth.guard';
import { OdsCodePipe } from '../../../organisations/ods-code.pipe';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
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
    const { run } = await this.runs.findWithOrganisation(this.uow.reader(), ods);
    return this.views.run(run, reply);
  }
}
