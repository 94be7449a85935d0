import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Requires } from '../../shared/http/access.decorators';
import { PageRenderer } from '../page-renderer';

/** What an administrator looks after, one link each. Admin pages need a permission only administrators hold. */
@ApiExcludeController()
@Controller('admin')
export class AdminHomePage {
  constructor(private readonly pages: PageRenderer) {}

  @Get()
  @Requires('jobs.read')
  show(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    this.pages.send(
      request,
      reply,
      'admin/home',
      {
        sections: [
          {
            href: '/admin/organisations/new',
            heading: 'Register an organisation',
            text: 'Add a provider organisation by its ODS code, then its implementation lead.',
          },
          { href: '/admin/tokens', heading: 'Integration tokens', text: 'API tokens for other systems: create them, see who has one, and revoke them.' },
          { href: '/admin/mail', heading: 'Outgoing mail', text: 'Every email Onramp has queued: whether it was sent, retried or given up on, and why.' },
          { href: '/admin/plugins', heading: 'Plugins', text: 'The plugins this Onramp runs, and what each adds to the checklist.' },
          { href: '/portfolio', heading: 'National portfolio', text: 'Every organisation’s readiness, for the national team.' },
        ],
      },
      { title: 'Administration' },
    );
  }
}
