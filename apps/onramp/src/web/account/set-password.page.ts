import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountService, SessionService } from '../../identity';
import { DomainError } from '../../shared/domain/domain-error';
import { Public } from '../../shared/http/access.decorators';
import { field, FormErrors } from '../forms';
import { PageRenderer } from '../page-renderer';

const PURPOSES = { 'set-password': 'Set your password', 'reset-password': 'Choose a new password' } as const;

/**
 * The page an invitation or reset email links to: `/account/set-password?token=…` or
 * `/account/reset-password?token=…`. The link works once and expires; setting the password ends
 * every other session of the account and signs the person in here, then takes them where the
 * email pointed.
 */
@ApiExcludeController()
@Controller('account')
export class SetPasswordPage {
  constructor(
    private readonly pages: PageRenderer,
    private readonly accounts: AccountService,
    private readonly sessions: SessionService,
  ) {}

  @Get('set-password')
  @Public()
  showSet(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('token') token: unknown) {
    return this.show(request, reply, token, 'set-password');
  }

  @Get('reset-password')
  @Public()
  async showReset(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('token') token: unknown) {
    if (token === undefined)
      return this.pages.send(request, reply, 'account/forgotten-password', { email: '', emailError: null }, { title: 'Reset your password' });
    return this.show(request, reply, token, 'reset-password');
  }

  @Post('set-password')
  @Public()
  set(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    return this.submit(request, reply, body, 'set-password');
  }

  @Post('reset-password')
  @Public()
  reset(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    return this.submit(request, reply, body, 'reset-password');
  }

  private async show(request: FastifyRequest, reply: FastifyReply, token: unknown, purpose: keyof typeof PURPOSES) {
    const link = typeof token === 'string' ? await this.accounts.peekLink(token) : null;
    if (!link) return this.expired(request, reply);
    this.form(request, reply, { token: token as string, purpose, email: link.account.email }, new FormErrors());
  }

  private async submit(request: FastifyRequest, reply: FastifyReply, body: unknown, purpose: keyof typeof PURPOSES) {
    const token = field(body, 'token');
    const password = field(body, 'password', { trim: false });
    const confirm = field(body, 'confirmPassword', { trim: false });
    const link = await this.accounts.peekLink(token);
    if (!link) return this.expired(request, reply);
    const errors = new FormErrors();
    if (!password) errors.add('password', 'Enter a password');
    else {
      const problem = this.accounts.passwordProblem(password, link.account);
      if (problem) errors.add('password', problem);
    }
    if (!errors.of('password') && confirm !== password) errors.add('confirmPassword', 'The passwords do not match: enter the same password twice');
    if (errors.any) return this.form(request, reply, { token, purpose, email: link.account.email }, errors, 400);
    try {
      const { userId, returnTo } = await this.accounts.setPasswordWithLink(token, password);
      await this.sessions.end(request.cookies?.[this.sessions.cookieName]);
      const secret = await this.sessions.start(userId);
      void reply.setCookie(this.sessions.cookieName, secret, this.sessions.cookieOptions());
      this.pages.redirect(reply, returnTo ?? '/');
    } catch (e) {
      if (e instanceof DomainError && e.code === 'ACCOUNT.LINK_NOT_VALID') return this.expired(request, reply);
      throw e;
    }
  }

  private form(
    request: FastifyRequest,
    reply: FastifyReply,
    values: { token: string; purpose: keyof typeof PURPOSES; email: string },
    errors: FormErrors,
    status = 200,
  ) {
    this.pages.send(
      request,
      reply,
      'account/set-password',
      {
        ...values,
        heading: PURPOSES[values.purpose],
        action: `/account/${values.purpose}`,
        passwordError: errors.of('password') ?? null,
        confirmError: errors.of('confirmPassword') ?? null,
      },
      { title: PURPOSES[values.purpose], status, errors: errors.list },
    );
  }

  private expired(request: FastifyRequest, reply: FastifyReply) {
    this.pages.send(request, reply, 'account/link-expired', {}, { title: 'This link no longer works', status: 410 });
  }
}
