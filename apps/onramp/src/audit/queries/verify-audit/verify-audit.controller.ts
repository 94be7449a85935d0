import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../shared/http/access.decorators';
import { OdsCodePipe } from '../../../organisations';
import { VerifyAudit } from './verify-audit.query';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { TrailVerificationResponse } from './trail-verification.response';

@ApiTags('audit')
@Controller('api/v1/organisations/:ods/audit/verify')
export class VerifyAuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('read')
  @ApiOperation({
    operationId: 'verifyAudit',

    summary:
      'Verify the trail: the hash chain, each entry’s seal, the latest signed checkpoint kept outside the database, and a replay that must explain the stored run, tokens, people and organisation',
  })
  @ApiOkResponse({ type: TrailVerificationResponse, description: 'The verification; `valid: false` says what does not verify (the request itself succeeded)' })
  @ApiProblems(400, 404)
  verify(@Param('ods', OdsCodePipe) ods: string) {
    return this.queries.execute(new VerifyAudit(ods));
  }
}
