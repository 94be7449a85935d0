import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../identity/http/auth.guard';
import { OdsCodePipe } from '../../../organisations/ods-code.pipe';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
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
    const { organisation, run } = await this.runs.findWithOrganisation(this.uow.reader(), ods);
    return { version: run.version, ...this.readiness.assess(run, organisation) };
  }
}
