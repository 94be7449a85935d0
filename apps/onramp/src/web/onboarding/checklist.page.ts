import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GetOnboarding, type RunView } from '../../onboarding';
import { GetOrganisation, ListPeople, normaliseOdsCode } from '../../organisations';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { CLOCK, toIsoDate, type Clock } from '../../shared/domain/clock';
import { DomainError } from '../../shared/domain/domain-error';
import { Requires } from '../../shared/http/access.decorators';
import { PageRenderer } from '../page-renderer';
import { checklistPage, parseFilter } from './checklist.view';

/**
 * An organisation's checklist: every step, filtered by area, status, assignee, owner role and due
 * window through a GET form (so it works without JavaScript and a filtered view can be bookmarked).
 *
 * It reads the run through GetOnboarding, the query the API's `GET …/onboarding` answers with,
 * and filters in memory rather than adding a ListChecklist query over the `onboarding_steps` read
 * model: a checklist is some fifty steps, which one read of the run gives whole, with assignee
 * names, due dates and overdue already worked out the way the API does; the "12 of 47" count needs
 * the whole run anyway; and the page then always agrees with the API step for step.
 */
@ApiExcludeController()
@Controller('organisations/:ods/checklist')
export class ChecklistPage {
  constructor(
    private readonly pages: PageRenderer,
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Requires('read')
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods') raw: string, @Query() query: Record<string, unknown>) {
    const ods = normaliseOdsCode(raw);
    const organisation = await this.queries.execute(new GetOrganisation(ods));
    const run = await this.run(ods);
    const base = {
      ods,
      organisation: { name: organisation.name },
      overview: `/organisations/${ods}`,
      breadcrumbs: [{ href: `/organisations/${ods}`, label: organisation.name }],
    };
    if (!run) return this.pages.send(request, reply, 'onboarding/checklist', { ...base, hasRun: false, checklist: null, head: [] }, { title: 'Checklist' });
    const people = (await this.queries.execute(new ListPeople(ods))).items;
    const checklist = checklistPage({
      ods,
      run,
      people,
      filter: parseFilter(query, people),
      today: toIsoDate(this.clock.now()),
      timeZone: this.config.timezone,
    });
    this.pages.send(
      request,
      reply,
      'onboarding/checklist',
      { ...base, hasRun: true, checklist, head: ['Step', 'Area', 'Owner role', 'Assigned to', 'Due', 'Status'] },
      { title: 'Checklist' },
    );
  }

  private async run(ods: string): Promise<RunView | null> {
    try {
      return await this.queries.execute(new GetOnboarding(ods));
    } catch (e) {
      if (e instanceof DomainError && e.code === 'ONBOARDING.RUN_NOT_FOUND') return null;
      throw e;
    }
  }
}
