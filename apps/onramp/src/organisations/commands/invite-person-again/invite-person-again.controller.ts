import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandMeta } from '../../../shared/domain/roles';
import { Requires } from '../../../shared/http/access.decorators';
import { ApiProblems, COMMAND_PROBLEMS } from '../../../shared/http/api-problems.decorator';
import { Meta } from '../../../shared/http/request-meta';
import { OdsCodePipe } from '../../ods-code.pipe';
import { personIdPipe } from '../change-person/change-person.controller';
import { InvitationResponse } from './invitation.response';
import { InvitePersonAgain } from './invite-person-again.command';

@ApiTags('people')
@Controller('api/v1/organisations/:ods/people/:personId/invitations')
export class InvitePersonAgainController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Requires('people.manage')
  @ApiOperation({
    operationId: 'invitePersonAgain',
    summary:
      'Invite a person again: the welcome email is queued again with a new single-use link to set their password (or to sign in, once they have one). A removed person is refused (409 PERSON.REMOVED).',
  })
  @ApiCreatedResponse({ type: InvitationResponse })
  @ApiProblems(...COMMAND_PROBLEMS, 404)
  invite(@Param('ods', OdsCodePipe) ods: string, @Param('personId', personIdPipe()) personId: string, @Meta() meta: CommandMeta) {
    return this.commands.execute(new InvitePersonAgain(ods, personId, meta));
  }
}
