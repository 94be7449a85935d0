import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ListAudit, VerifyAudit, type AuditEntryResponse } from '../../audit';
import { GetOnboarding } from '../../onboarding';
import { ListPeople, OdsCodePipe } from '../../organisations';
import { roleLabel, ukDate, ukDateTime } from '../../platform/rendering/template-helpers';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { DomainError } from '../../shared/domain/domain-error';
import { Requires } from '../../shared/http/access.decorators';
import { OrganisationPages } from '../organisation-pages';
import { PageRenderer } from '../page-renderer';
import { auditSentence, verificationInWords, type AuditLookups } from './audit-sentences';

const PAGE_SIZE = 25;

/**
 * An organisation's audit trail in words, newest first and paged, each entry naming who did it and
 * when, with the result of verifying the whole trail (its hash chain, seals and latest signed
 * checkpoint, and a replay that must explain what is stored). Everyone who can read the
 * organisation sees it.
 */
@ApiExcludeController()
@Controller('organisations/:ods/audit')
export class AuditPage {
  constructor(
    private readonly pages: PageRenderer,
    private readonly organisations: OrganisationPages,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Requires('read')
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods', OdsCodePipe) ods: string, @Query('before') rawBefore: unknown) {
    const before = typeof rawBefore === 'string' && /^\d{1,9}$/.test(rawBefore) && Number(rawBefore) > 1 ? Number(rawBefore) : undefined;
    const organisation = await this.organisations.organisation(ods);
    const [{ items }, verification, lookups] = await Promise.all([
      this.queries.execute(new ListAudit(ods, 0, PAGE_SIZE, { newestFirst: true, before })),
      this.queries.execute(new VerifyAudit(ods)),
      this.lookups(ods),
    ]);
    const tz = this.config.timezone;
    const oldest = items.at(-1)?.seq;
    const newest = items[0]?.seq;
    this.pages.send(
      request,
      reply,
      'audit/trail',
      {
        organisation: { odsCode: organisation.odsCode, name: organisation.name },
        breadcrumbs: this.organisations.crumbs(organisation),
        verification: verificationInWords(verification, tz),
        entries: {
          caption: before === undefined ? 'Audit trail, newest first' : `Audit trail, entries ${oldest ?? 0} to ${newest ?? 0}`,
          head: ['When', 'Who', 'What happened', { text: 'Entry', numeric: true }],
          rows: items.map((e) => [
            { text: ukDateTime(e.occurredAt, tz) },
            { text: who(e) },
            { text: auditSentence(e, lookups) },
            { text: String(e.seq), numeric: true },
          ]),
        },
        // The trail's entries are numbered from 1 without gaps, so the page before starts one page above this one.
        previous:
          before !== undefined && newest !== undefined
            ? { href: `/organisations/${ods}/audit?before=${newest + PAGE_SIZE + 1}`, label: 'Newer entries' }
            : null,
        next:
          oldest !== undefined && oldest > 1 && items.length === PAGE_SIZE
            ? { href: `/organisations/${ods}/audit?before=${oldest}`, label: 'Older entries' }
            : null,
      },
      { title: `Audit trail – ${organisation.name}` },
    );
  }

  private async lookups(ods: string): Promise<AuditLookups> {
    const { items: people } = await this.queries.execute(new ListPeople(ods, { includeRemoved: true }));
    const names = new Map(people.map((p) => [p.id, p.name]));
    let titles = new Map<string, string>();
    try {
      const run = await this.queries.execute(new GetOnboarding(ods));
      titles = new Map(run.steps.map((s) => [s.id, s.title]));
    } catch (e) {
      // No run yet: the trail has no step entries to name.
      if (!(e instanceof DomainError && e.code === 'ONBOARDING.RUN_NOT_FOUND')) throw e;
    }
    return {
      stepTitle: (id) => titles.get(id) ?? null,
      personName: (id) => names.get(id) ?? null,
      day: (iso) => ukDate(iso, this.config.timezone),
    };
  }
}

/** The actor as recorded then: a person's name (with the access they acted with), an integration's token name, or Onramp itself. */
function who(entry: AuditEntryResponse): string {
  const label = entry.actor.label;
  if (entry.actor.id.startsWith('system:')) return label ?? 'Onramp';
  const role = roleLabel(entry.actor.role).toLowerCase();
  if (!label) return `Someone acting as ${role}`;
  // A personal access token's label already ends in brackets: "Priya Shah (token "laptop")".
  return label.endsWith(')') ? `${label.slice(0, -1)}, ${role})` : `${label} (${role})`;
}
