import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ListMyWork } from '../../onboarding';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { CLOCK, toIsoDate, type Clock } from '../../shared/domain/clock';
import { Requires } from '../../shared/http/access.decorators';
import { accountOf } from '../forms';
import { PageRenderer } from '../page-renderer';
import { MY_WORK_HEAD, myWorkGroups } from './my-work.view';

/** "My work": every step that is the signed-in person's to act on, across their organisations, by when it is due. */
@ApiExcludeController()
@Controller('my-work')
export class MyWorkPage {
  constructor(
    private readonly pages: PageRenderer,
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Requires('read')
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const account = accountOf(request);
    const { items, truncated } = await this.queries.execute(new ListMyWork(account.email, account.memberships));
    const today = toIsoDate(this.clock.now());
    this.pages.send(
      request,
      reply,
      'onboarding/my-work',
      {
        head: MY_WORK_HEAD,
        groups: myWorkGroups(items, today, this.config.timezone),
        total: items.length,
        truncated,
        hasOrganisations: account.memberships.length > 0,
        portfolio: account.globalRole !== null,
      },
      { title: 'My work' },
    );
  }
}
