import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../shared/http/access.decorators';
import { ListMailQueryDto } from './list-mail.query.dto';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { MailListResponse } from './mail-list.response';
import { ListMail } from './list-mail.query';

@ApiTags('mail')
@Controller('api/v1/mail')
export class ListMailController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('mail.read')
  @ApiOperation({ operationId: 'listMail', summary: 'Outgoing mail, newest first (admin): status, attempts, last error and every delivery outcome' })
  @ApiOkResponse({ type: MailListResponse })
  @ApiProblems(400)
  list(@Query() query: ListMailQueryDto) {
    return this.queries.execute(new ListMail(query.status, query.organisation, query.limit ?? 100));
  }
}
