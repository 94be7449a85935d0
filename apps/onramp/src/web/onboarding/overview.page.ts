import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ListAudit } from '../../audit';
import { GetOnboarding, StartOnboarding, type RunView } from '../../onboarding';
import { GetOrganisation, ListPeople, normaliseOdsCode } from '../../organisations';
import { typeLabel, ukDate } from '../../platform/rendering/template-helpers';
import { GetReadiness, type ReadinessView } from '../../readiness';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { PERMISSIONS } from '../../shared/domain/access-policy';
import { CLOCK, toIsoDate, type Clock } from '../../shared/domain/clock';
import { DomainError } from '../../shared/domain/domain-error';
import { Requires } from '../../shared/http/access.decorators';
import { field, pageMeta } from '../forms';
import type { FieldError } from '../page-renderer';
import { PageRenderer } from '../page-renderer';
import { changeInWords } from './change-words.view';
import { blockerRows, completionChartModel, readinessTiles } from './overview.view';
import { goLiveFrom, type DateParts } from './start-onboarding.view';

const WEEK_MS = 7 * 86_400_000;

/**
 * An organisation's overview: readiness (score, RAG and its reasons, the go-live gate, the
 * forecast), blockers, what changed this week and the completion chart, with links to its other
 * pages. Before onboarding has started, a lead can start it here (go-live date, then check your
 * answers). Everyone who may read the organisation sees it; only leads get the form.
 */
@ApiExcludeController()
@Controller('organisations/:ods')
export class OverviewPage {
  constructor(
    private readonly pages: PageRenderer,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Requires('read')
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods') raw: string, @Query('started') started: unknown) {
    await this.render(request, reply, normaliseOdsCode(raw), { notice: started === '1' ? 'Onboarding has started.' : null });
  }

  /** The go-live date form: a valid date goes to "check your answers", with the confirmed date it starts the run. */
  @Post('start-onboarding')
  @Requires('onboarding.start')
  async start(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods') raw: string, @Body() body: unknown) {
    const ods = normaliseOdsCode(raw);
    const today = toIsoDate(this.clock.now());
    const confirmed = field(body, 'confirm') === 'yes';
    const parts: DateParts = confirmed
      ? partsOf(field(body, 'goLiveDate'))
      : { day: field(body, 'goLive-day'), month: field(body, 'goLive-month'), year: field(body, 'goLive-year') };
    const parsed = goLiveFrom(parts, today, this.config.timezone);
    if ('error' in parsed) return this.render(request, reply, ods, { goLive: parts, errors: [{ field: 'goLive-day', message: parsed.error }] }, 400);
    if (!confirmed) {
      const organisation = await this.queries.execute(new GetOrganisation(ods));
      return this.pages.send(
        request,
        reply,
        'onboarding/start-check',
        {
          ods,
          backHref: `/organisations/${ods}?goLive=${parsed.date}#goLive`,
          organisation: { name: organisation.name },
          goLiveDate: parsed.date,
          rows: [
            { key: 'Organisation', value: organisation.name },
            {
              key: 'Go-live date',
              value: ukDate(parsed.date, this.config.timezone),
              href: `/organisations/${ods}?goLive=${parsed.date}#goLive`,
              actionHidden: 'go-live date',
            },
          ],
        },
        { title: 'Check the go-live date before you start onboarding' },
      );
    }
    try {
      await this.commands.execute(new StartOnboarding(ods, parsed.date, pageMeta(request)));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (e.code === 'ONBOARDING.RUN_ALREADY_STARTED')
        return this.render(
          request,
          reply,
          ods,
          { errors: [{ field: 'readiness', message: 'Onboarding had already been started for this organisation' }] },
          409,
        );
      if (e.kind === 'invalid' && e.details.field === 'goLiveDate')
        return this.render(
          request,
          reply,
          ods,
          { goLive: parts, errors: [{ field: 'goLive-day', message: 'Enter a go-live date after today and within ten years' }] },
          400,
        );
      throw e;
    }
    this.pages.redirect(reply, `/organisations/${ods}?started=1`);
  }

  private async render(
    request: FastifyRequest,
    reply: FastifyReply,
    ods: string,
    state: { notice?: string | null; goLive?: DateParts; errors?: FieldError[] },
    status = 200,
  ) {
    const now = this.clock.now();
    const today = toIsoDate(now);
    const tz = this.config.timezone;
    const organisation = await this.queries.execute(new GetOrganisation(ods));
    const role = request.principal!.actor.role;
    const readiness = await this.readiness(ods);
    const errors = state.errors ?? [];
    const links = {
      checklist: `/organisations/${ods}/checklist`,
      report: `/organisations/${ods}/reports/readiness`,
      people: `/organisations/${ods}/people`,
      audit: `/organisations/${ods}/audit`,
      settings: `/organisations/${ods}/settings`,
    };
    const base = { ods, organisation: { name: organisation.name, type: typeLabel(organisation.type) }, links, notice: state.notice ?? null };
    if (!readiness) {
      const query = request.query as Record<string, unknown>;
      // "Change" on the check-your-answers page comes back here with the date it showed.
      const goLive = state.goLive ?? partsOf(typeof query.goLive === 'string' ? query.goLive : '');
      return this.pages.send(
        request,
        reply,
        'onboarding/overview',
        {
          ...base,
          hasRun: false,
          canStart: PERMISSIONS['onboarding.start'].includes(role),
          goLive,
          goLiveError: errors.find((e) => e.field === 'goLive-day')?.message ?? null,
          run: null,
        },
        { title: organisation.name, status, errors },
      );
    }
    const [run, people, audit] = await Promise.all([
      this.queries.execute(new GetOnboarding(ods)) as Promise<RunView>,
      this.queries.execute(new ListPeople(ods)),
      this.queries.execute(new ListAudit(ods, 0, 25, { since: new Date(now.getTime() - WEEK_MS).toISOString(), newestFirst: true })),
    ]);
    const titles = new Map(run.steps.map((s) => [s.id, s.title]));
    const names = new Map(people.items.map((p) => [p.id, p.name]));
    this.pages.send(
      request,
      reply,
      'onboarding/overview',
      {
        ...base,
        hasRun: true,
        canStart: false,
        blockersHead: ['Step', 'Status', 'Due', 'Steps waiting for it'],
        figuresHead: ['Date', { text: 'Steps done or waived', numeric: true }],
        goLive: { day: '', month: '', year: '' },
        goLiveError: null,
        run: {
          tiles: readinessTiles(readiness, titles, tz),
          blockers: blockerRows(run, readiness, today, tz).map((b) => [
            { text: b.title, href: `/organisations/${ods}/steps/${encodeURIComponent(b.id)}` },
            { tag: b.status },
            { text: b.due },
            { text: b.holdsUp ? `${b.holdsUp} ${b.holdsUp === 1 ? 'step' : 'steps'}` : 'None' },
          ]),
          changes: audit.items.map((entry) => changeInWords(entry, { titles, people: names, timeZone: tz })),
          chart: completionChartModel(run, today, tz),
        },
      },
      { title: organisation.name, status, errors },
    );
  }

  /** Readiness, or null before onboarding has started. */
  private async readiness(ods: string): Promise<ReadinessView | null> {
    try {
      return await this.queries.execute(new GetReadiness(ods));
    } catch (e) {
      if (e instanceof DomainError && e.code === 'ONBOARDING.RUN_NOT_FOUND') return null;
      throw e;
    }
  }
}

/** A YYYY-MM-DD value as the date input's three fields ('' when it is not one). */
function partsOf(iso: string): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] } : { day: '', month: '', year: '' };
}
