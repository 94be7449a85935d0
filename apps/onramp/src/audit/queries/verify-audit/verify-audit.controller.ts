import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../identity/http/auth.guard';
import { OdsCodePipe } from '../../../organisations';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { AuditReader } from '../../audit.reader';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/organisations/:ods/audit/verify')
export class VerifyAuditController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: AuditReader,
  ) {}

  @Get()
  @Requires('read')
  @ApiOperation({ summary: 'Re-compute the hash chain: { valid, checked, firstBrokenAt, reason }; detects edited and deleted entries' })
  verify(@Param('ods', OdsCodePipe) ods: string) {
    return this.reader.verify(this.uow.reader(), ods);
  }
}
