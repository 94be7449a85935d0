import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../identity/http/auth.guard';
import { OdsCodePipe } from '../../../organisations';
import { VerifyAudit } from './verify-audit.query';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/organisations/:ods/audit/verify')
export class VerifyAuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('read')
  @ApiOperation({
    summary:
      'Verify the trail: the hash chain, each entry’s seal, the latest signed checkpoint kept outside the database, and a replay that must explain the stored run, tokens, people and organisation',
  })
  verify(@Param('ods', OdsCodePipe) ods: string) {
    return this.queries.execute(new VerifyAudit(ods));
  }
}
