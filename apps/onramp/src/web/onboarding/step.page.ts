import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ListAudit } from '../../audit';
import {
  AssignStep,
  CompleteStep,
  GetOnboarding,
  OnboardingErrors,
  ReopenStep,
  SignOffStep,
  StartStep,
  WaiveStep,
  type RunView,
  type StepView,
} from '../../onboarding';
import { GetOrganisation, ListPeople, normaliseOdsCode, type PersonView } from '../../organisations';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { CLOCK, toIsoDate, type Clock } from '../../shared/domain/clock';
import { DomainError } from '../../shared/domain/domain-error';
import type { CommandMeta } from '../../shared/domain/roles';
import { Requires } from '../../shared/http/access.decorators';
import { field, pageMeta } from '../forms';
import { PageRenderer } from '../page-renderer';
import { changeInWords } from './change-words.view';
import { emptyValues, FORM_ANCHORS, stepPage, validateStepForm, type StepAction, type StepFormValues } from './step.view';
import { messageInWords, roleInSentence } from './words.view';

const DONE: Record<StepAction, string> = {
  assign: 'The step has been assigned.',
  start: 'You have started this step.',
  complete: 'You have completed this step.',
  'sign-off': 'You have signed off this step.',
  waive: 'The step has been waived as not applicable.',
  reopen: 'The step has been reopened.',
};

/** The run changed after the page was drawn: the domain refused the form so that nothing is overwritten. */
const STALE = new Set(['ONBOARDING.VERSION_MISMATCH', 'CONCURRENT_MODIFICATION']);

const STALE_NOTICE = {
  heading: 'This changed while you were looking',
  text: 'Someone else changed this onboarding after you opened the page, so nothing you sent has been saved. The page now shows the step as it is; what you typed is still in the form. Check it, then send it again if it is still right.',
  success: false,
};

interface PageState {
  values?: StepFormValues;
  errors?: { field: string; message: string }[];
  notice?: { heading: string; text: string | null; success: boolean } | null;
}

/**
 * One step: what to do and why, where it comes from, its evidence, state and history, and the forms
 * of the actions the signed-in person may take, each posting to `…/steps/:stepId/<action>` and
 * dispatching the command the API's step endpoint does. A refused command shows the page again
 * with the domain's reason in words; a form drawn before someone else changed the run is refused
 * (its hidden expectedVersion is stale) and the page shows what is there now, with what the
 * person typed still in the form.
 */
@ApiExcludeController()
@Controller('organisations/:ods/steps/:stepId')
export class StepPage {
  constructor(
    private readonly pages: PageRenderer,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Requires('read')
  async show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('ods') ods: string,
    @Param('stepId') stepId: string,
    @Query('done') done: unknown,
  ) {
    const loaded = await this.load(normaliseOdsCode(ods), stepId);
    const awaiting = loaded.step.status === 'awaiting-sign-off' && loaded.step.signOffRole !== null;
    const notice =
      typeof done === 'string' && Object.hasOwn(DONE, done)
        ? {
            heading: DONE[done as StepAction],
            text: done === 'complete' && awaiting ? `It now waits to be signed off by the ${roleInSentence(loaded.step.signOffRole!)}.` : null,
            success: true,
          }
        : null;
    await this.render(request, reply, loaded, { notice });
  }

  @Post('assign')
  @Requires('onboarding.manage')
  assign(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods') ods: string, @Param('stepId') stepId: string, @Body() body: unknown) {
    return this.act(request, reply, ods, stepId, body, 'assign');
  }

  @Post('start')
  @Requires('steps.work')
  start(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods') ods: string, @Param('stepId') stepId: string, @Body() body: unknown) {
    return this.act(request, reply, ods, stepId, body, 'start');
  }

  @Post('complete')
  @Requires('steps.work')
  complete(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods') ods: string, @Param('stepId') stepId: string, @Body() body: unknown) {
    return this.act(request, reply, ods, stepId, body, 'complete');
  }

  @Post('sign-off')
  @Requires('steps.sign-off')
  signOff(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods') ods: string, @Param('stepId') stepId: string, @Body() body: unknown) {
    return this.act(request, reply, ods, stepId, body, 'sign-off');
  }

  /** Waiving has consequences: a valid reason first gets a page to check it on, and only its confirmation waives the step. */
  @Post('waive')
  @Requires('steps.work')
  waive(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods') ods: string, @Param('stepId') stepId: string, @Body() body: unknown) {
    return this.act(request, reply, ods, stepId, body, 'waive');
  }

  @Post('reopen')
  @Requires('onboarding.manage')
  reopen(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods') ods: string, @Param('stepId') stepId: string, @Body() body: unknown) {
    return this.act(request, reply, ods, stepId, body, 'reopen');
  }

  private async act(request: FastifyRequest, reply: FastifyReply, rawOds: string, stepId: string, body: unknown, action: StepAction) {
    const ods = normaliseOdsCode(rawOds);
    const loaded = await this.load(ods, stepId);
    const values = valuesOf(body, loaded.step);
    const meta = pageMeta(request, body);
    const errors = validateStepForm(action, values, loaded.step, loaded.people);
    if (errors.length) {
      // The page shown again has forms at the run's current version: if that is not the version the
      // person saw, say so, or correcting a field would quietly send a form based on a stale page.
      const stale = meta.expectedVersion !== undefined && meta.expectedVersion !== loaded.run.version;
      return this.render(request, reply, loaded, { values, errors, notice: stale ? STALE_NOTICE : null }, stale ? 409 : 400);
    }
    if (action === 'waive' && field(body, 'confirm') !== 'yes') {
      if (field(body, 'edit') === 'yes') return this.render(request, reply, loaded, { values });
      return this.checkWaiver(request, reply, loaded, values, meta);
    }
    try {
      await this.commands.execute(commandFor(action, ods, loaded.step.id, values, meta));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const now = await this.load(ods, stepId);
      if (STALE.has(e.code)) return this.stale(request, reply, now, values);
      if (e.kind !== 'conflict' && e.kind !== 'invalid' && e.kind !== 'unprocessable') throw e;
      const titles = new Map(now.run.steps.map((s) => [s.id, s.title]));
      return this.render(
        request,
        reply,
        now,
        { values, errors: [{ field: FORM_ANCHORS[action], message: messageInWords(e.message, titles) }] },
        e.kind === 'conflict' ? 409 : 400,
      );
    }
    this.pages.redirect(reply, `/organisations/${ods}/steps/${encodeURIComponent(loaded.step.id)}?done=${action}`);
  }

  private stale(request: FastifyRequest, reply: FastifyReply, loaded: Loaded, values: StepFormValues) {
    return this.render(request, reply, loaded, { values, notice: STALE_NOTICE }, 409);
  }

  private checkWaiver(request: FastifyRequest, reply: FastifyReply, loaded: Loaded, values: StepFormValues, meta: CommandMeta) {
    const { step, organisation, ods } = loaded;
    this.pages.send(
      request,
      reply,
      'onboarding/waive-check',
      {
        ods,
        base: `/organisations/${ods}/steps/${encodeURIComponent(step.id)}`,
        step: { title: step.title, gate: step.gate },
        rows: [
          { key: 'Step', value: step.title },
          { key: 'Organisation', value: organisation },
          { key: 'Reason it does not apply', value: values.waiveReason },
        ],
        waiveReason: values.waiveReason,
        expectedVersion: meta.expectedVersion ?? loaded.run.version,
        warning: step.gate
          ? 'This is a go-live gate step. Once it is waived, go-live can go ahead without it.'
          : 'Once it is waived, the step counts as not applicable: the steps that depend on it can be completed and it leaves the readiness score.',
      },
      { title: 'Check before you waive this step' },
    );
  }

  private async load(ods: string, stepId: string): Promise<Loaded> {
    const [organisation, run] = await Promise.all([
      this.queries.execute(new GetOrganisation(ods)),
      this.queries.execute(new GetOnboarding(ods)) as Promise<RunView>,
    ]);
    const step = run.steps.find((s) => s.id === stepId);
    if (!step) throw OnboardingErrors.stepNotFound(stepId);
    const people = (await this.queries.execute(new ListPeople(ods))).items;
    return { ods, organisation: organisation.name, allowSelfSignOff: organisation.allowSelfSignOff, run, step, people };
  }

  private async render(request: FastifyRequest, reply: FastifyReply, loaded: Loaded, state: PageState, status = 200) {
    const { ods, run, step, people } = loaded;
    const tz = this.config.timezone;
    const audit = await this.queries.execute(new ListAudit(ods, 0, 200, { stepId: step.id }));
    const titles = new Map(run.steps.map((s) => [s.id, s.title]));
    const names = new Map(people.map((p) => [p.id, p.name]));
    const page = stepPage({
      ods,
      run,
      step,
      people,
      actor: { id: request.principal!.actor.id, role: request.principal!.actor.role, allowSelfSignOff: loaded.allowSelfSignOff },
      history: audit.items.map((entry) => changeInWords(entry, { titles, people: names, timeZone: tz })),
      values: state.values ?? emptyValues(),
      errors: state.errors ?? [],
      today: toIsoDate(this.clock.now()),
      timeZone: tz,
    });
    this.pages.send(
      request,
      reply,
      'onboarding/step',
      {
        ods,
        organisation: { name: loaded.organisation },
        breadcrumbs: [
          { href: `/organisations/${ods}`, label: loaded.organisation },
          { href: `/organisations/${ods}/checklist`, label: 'Checklist' },
        ],
        notice: state.notice ?? null,
        ...page,
      },
      { title: step.title, status, errors: page.errors },
    );
  }
}

interface Loaded {
  ods: string;
  organisation: string;
  allowSelfSignOff: boolean;
  run: RunView;
  step: StepView;
  people: PersonView[];
}

/** What the forms sent, as the fields are named on the page. */
function valuesOf(body: unknown, step: StepView): StepFormValues {
  return {
    personId: field(body, 'personId'),
    evidence: Object.fromEntries(step.evidenceRequired.map((e) => [e.key, field(body, `evidence-${e.key}`)])),
    completeNote: field(body, 'completeNote'),
    signOffNote: field(body, 'signOffNote'),
    waiveReason: field(body, 'waiveReason'),
    reopenReason: field(body, 'reopenReason'),
  };
}

function commandFor(action: StepAction, ods: string, stepId: string, v: StepFormValues, meta: CommandMeta) {
  switch (action) {
    case 'assign':
      return new AssignStep(ods, stepId, v.personId, meta);
    case 'start':
      return new StartStep(ods, stepId, meta);
    case 'complete':
      return new CompleteStep(
        ods,
        stepId,
        Object.entries(v.evidence).map(([key, reference]) => ({ key, reference })),
        v.completeNote || null,
        meta,
      );
    case 'sign-off':
      return new SignOffStep(ods, stepId, v.signOffNote || null, meta);
    case 'waive':
      return new WaiveStep(ods, stepId, v.waiveReason, meta);
    case 'reopen':
      return new ReopenStep(ods, stepId, v.reopenReason, meta);
  }
}
