import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, Requires } from '../shared/http/access.decorators';
import { PageRenderer } from './page-renderer';

/** `/` takes a person to where their work is: their steps, or the national portfolio for the national team and admins. */
@ApiExcludeController()
@Controller()
export class HomePage {
  constructor(private readonly pages: PageRenderer) {}

  @Get()
  @Requires('read')
  home(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const account = request.principal?.account;
    this.pages.redirect(reply, account?.globalRole && account.memberships.length === 0 ? '/portfolio' : '/my-work');
  }

  @Get('accessibility')
  @Public()
  accessibility(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    this.pages.send(request, reply, 'accessibility', {}, { title: 'Accessibility statement' });
  }

  @Get('help')
  @Public()
  help(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    this.pages.send(request, reply, 'help', {}, { title: 'Help' });
  }
}
