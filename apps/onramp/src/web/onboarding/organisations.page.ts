import { Controller, Get, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { roleLabel, typeLabel } from '../../platform/rendering/template-helpers';
import { GetPortfolio } from '../../readiness';
import { Requires } from '../../shared/http/access.decorators';
import { accountOf } from '../forms';
import { PageRenderer } from '../page-renderer';
import { ragTag } from './words.view';

/** The organisations the signed-in person holds a role in, each with its readiness, linking to its overview. */
@ApiExcludeController()
@Controller('organisations')
export class OrganisationsPage {
  constructor(
    private readonly pages: PageRenderer,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Requires('read')
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const account = accountOf(request);
    // One read-model row per organisation (GetPortfolio scoped to it): people hold roles in a few.
    const entries = await Promise.all(
      account.memberships.map(async (m) => ({ m, entry: (await this.queries.execute(new GetPortfolio(m.organisation))).items[0] ?? null })),
    );
    this.pages.send(
      request,
      reply,
      'onboarding/organisations',
      {
        head: ['Organisation', 'Type', 'Your role', 'Readiness'],
        rows: entries.map(({ m, entry }) => [
          { text: m.organisationName, href: `/organisations/${m.organisation}` },
          { text: entry ? typeLabel(entry.type) : 'Unknown' },
          { text: roleLabel(m.role) },
          { tag: ragTag(entry?.rag ?? null) },
        ]),
        portfolio: account.globalRole !== null,
      },
      { title: 'Your organisations' },
    );
  }
}
