import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ListAudit } from '../../audit';
import { ChangeSelfSignOffSetting, OdsCodePipe } from '../../organisations';
import { ukDateTime } from '../../platform/rendering/template-helpers';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { Requires } from '../../shared/http/access.decorators';
import { field, FormErrors, pageMeta } from '../forms';
import { OrganisationPages } from '../organisation-pages';
import { PageRenderer } from '../page-renderer';
import { may } from '../words';

const CHOICES = { no: false, yes: true } as const;

/**
 * An organisation's settings: today the four-eyes rule for sign-offs. Everyone who can read the
 * organisation sees how it is set and who changed it last (from the audit trail); leads change it.
 */
@ApiExcludeController()
@Controller('organisations/:ods/settings')
export class SettingsPage {
  constructor(
    private readonly pages: PageRenderer,
    private readonly organisations: OrganisationPages,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Requires('read')
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods', OdsCodePipe) ods: string, @Query('done') done: unknown) {
    await this.render(request, reply, ods, new FormErrors(), done === 'saved' ? 'The setting has been saved.' : null);
  }

  @Post()
  @Requires('onboarding.manage')
  async change(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods', OdsCodePipe) ods: string, @Body() body: unknown) {
    const choice = field(body, 'allowSelfSignOff');
    if (!Object.hasOwn(CHOICES, choice))
      return this.render(
        request,
        reply,
        ods,
        new FormErrors().add('allowSelfSignOff', 'Select whether a person may sign off a step they completed'),
        null,
        400,
      );
    await this.commands.execute(new ChangeSelfSignOffSetting(ods, CHOICES[choice as keyof typeof CHOICES], pageMeta(request)));
    this.pages.redirect(reply, `/organisations/${ods}/settings?done=saved`);
  }

  private async render(request: FastifyRequest, reply: FastifyReply, ods: string, errors: FormErrors, notice: string | null, status = 200) {
    const organisation = await this.organisations.organisation(ods);
    const { items } = await this.queries.execute(new ListAudit(ods, 0, 1, { newestFirst: true, types: ['SelfSignOffSettingChanged'] }));
    const last = items[0];
    this.pages.send(
      request,
      reply,
      'settings',
      {
        organisation: { odsCode: organisation.odsCode, name: organisation.name },
        breadcrumbs: this.organisations.crumbs(organisation),
        notice,
        allowed: organisation.allowSelfSignOff,
        lastChange: last
          ? `Last changed by ${last.actor.label ?? 'someone'} on ${ukDateTime(last.occurredAt, this.config.timezone)}.`
          : 'Not changed since the organisation was registered: someone else must sign off each step.',
        canChange: may(request.principal, 'onboarding.manage'),
        options: [
          { value: 'no', label: 'No: someone else must sign off each step (recommended)', checked: !organisation.allowSelfSignOff },
          {
            value: 'yes',
            label: 'Yes: a person may sign off a step they completed themselves',
            hint: 'Each such sign-off is recorded as a self sign-off in the audit trail',
            checked: organisation.allowSelfSignOff,
          },
        ],
        error: errors.of('allowSelfSignOff') ?? null,
      },
      { title: `Settings – ${organisation.name}`, status, errors: errors.list },
    );
  }
}
