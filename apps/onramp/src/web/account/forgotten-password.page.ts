import { setTimeout as delay } from 'node:timers/promises';
import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequestPasswordReset } from '../../identity';
import { Public } from '../../shared/http/access.decorators';
import { field, FormErrors } from '../forms';
import { PageRenderer } from '../page-renderer';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Longer than the work for a known account takes (a transaction and a queued email, some tens of milliseconds). */
const ANSWER_MS = 250;

/**
 * "Forgotten your password?": whoever asks is told the same thing, whether or not the account
 * exists, so the form cannot be used to find out who has one. At most one email per account per
 * 15 minutes is sent however often it is asked.
 */
@ApiExcludeController()
@Controller('account')
export class ForgottenPasswordPage {
  constructor(
    private readonly pages: PageRenderer,
    private readonly commands: CommandBus,
  ) {}

  @Post('forgotten-password')
  @Public()
  async request(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    const email = field(body, 'email').toLowerCase();
    const errors = new FormErrors();
    if (!email) errors.add('email', 'Enter your email address');
    else if (email.length > 254 || !EMAIL.test(email)) errors.add('email', 'Enter an email address in the correct format, like name@nhs.net');
    if (errors.any)
      return this.pages.send(
        request,
        reply,
        'account/forgotten-password',
        { email, emailError: errors.of('email') },
        { title: 'Reset your password', status: 400, errors: errors.list },
      );
    // Every answer takes at least ANSWER_MS, so how long it takes cannot tell whether the account exists.
    const started = performance.now();
    await this.commands.execute(new RequestPasswordReset(email, String(request.id)));
    await delay(Math.max(0, ANSWER_MS - (performance.now() - started)));
    this.pages.send(request, reply, 'account/check-your-email', { email }, { title: 'Check your email' });
  }
}
