import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountService, AuthFailureLimiter, safeReturnTo, SessionService } from '../../identity';
import { DomainError } from '../../shared/domain/domain-error';
import { Public } from '../../shared/http/access.decorators';
import { field, FormErrors } from '../forms';
import { OidcSettings } from './oidc-sign-in.page';
import { PageRenderer } from '../page-renderer';

/** Wrong email or password: the same words either way, so the page never says which accounts exist. */
const WRONG = 'Enter a correct email address and password';

/**
 * Sign in with email and password. Failures are limited per client address and per account (the
 * failed-authentication limiter the API uses), each attempt counted before its password is checked,
 * a locked account is refused before its password is checked, and signing in always starts a new session (the old cookie, if any, is deleted first),
 * so a session id planted before sign-in is worth nothing after it.
 */
@ApiExcludeController()
@Controller()
export class SignInPage {
  constructor(
    private readonly pages: PageRenderer,
    private readonly accounts: AccountService,
    private readonly sessions: SessionService,
    private readonly failures: AuthFailureLimiter,
    private readonly oidc: OidcSettings,
  ) {}

  @Get('sign-in')
  @Public()
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    const returnTo = safeReturnTo(query.returnTo);
    if (await this.sessions.resolve(request.cookies?.[this.sessions.cookieName])) return this.pages.redirect(reply, returnTo ?? '/');
    this.form(request, reply, { email: '', returnTo, notice: noticeFor(query) }, new FormErrors());
  }

  @Post('sign-in')
  @Public()
  async signIn(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    const email = field(body, 'email').toLowerCase();
    const password = field(body, 'password', { trim: false });
    const returnTo = safeReturnTo(field(body, 'returnTo'));
    const errors = new FormErrors();
    if (!email) errors.add('email', 'Enter your email address');
    if (!password) errors.add('password', 'Enter your password');
    if (errors.any) return this.form(request, reply, { email, returnTo, notice: null }, errors, 400);
    try {
      // Counted before the password is checked (and given back when it is right), so guesses sent all at once are limited too.
      const attempt = await this.failures.beginPasswordAttempt(request.ip, this.accounts.failureKey(email));
      const account = await this.accounts.byEmail(email);
      // The same work whether or not the account exists or has a password: no timing tells them apart.
      const ok = await this.accounts.checkPassword(account, password);
      if (!account || !ok) return this.form(request, reply, { email, returnTo, notice: null }, errors.add('email', WRONG), 401);
      await attempt.succeeded();
      await this.sessions.end(request.cookies?.[this.sessions.cookieName]);
      const secret = await this.sessions.start(account.id);
      void reply.setCookie(this.sessions.cookieName, secret, this.sessions.cookieOptions());
      return this.pages.redirect(reply, returnTo ?? '/');
    } catch (e) {
      if (e instanceof DomainError && e.kind === 'too-many-attempts') {
        void reply.header('Retry-After', String(e.details.retryAfterSeconds ?? 60));
        return this.form(request, reply, { email, returnTo, notice: null }, errors.add('email', tooMany(e)), 429);
      }
      throw e;
    }
  }

  @Post('sign-out')
  @Public()
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    // Public so an expired session can still sign out; the CSRF check binds to the session when there is one.
    const cookie = request.cookies?.[this.sessions.cookieName];
    await this.sessions.end(cookie);
    void reply.clearCookie(this.sessions.cookieName, this.sessions.cookieOptions());
    this.pages.redirect(reply, '/sign-in?signedOut=1');
  }

  private form(
    request: FastifyRequest,
    reply: FastifyReply,
    values: { email: string; returnTo: string | null; notice: string | null },
    errors: FormErrors,
    status = 200,
  ) {
    this.pages.send(
      request,
      reply,
      'sign-in',
      {
        email: values.email,
        returnTo: values.returnTo ?? '',
        notice: values.notice,
        emailError: errors.of('email') ?? null,
        passwordError: errors.of('password') ?? null,
        sso: this.oidc.enabled
          ? { href: `/sign-in/oidc${values.returnTo ? `?returnTo=${encodeURIComponent(values.returnTo)}` : ''}`, label: this.oidc.label }
          : null,
      },
      { title: 'Sign in', status, errors: errors.list },
    );
  }
}

function tooMany(e: DomainError): string {
  if (e.code === 'AUTH.ACCOUNT_LOCKED') return e.message;
  const minutes = Math.max(1, Math.ceil(Number(e.details.retryAfterSeconds ?? 60) / 60));
  return `Too many failed sign-in attempts from this network. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

function noticeFor(query: Record<string, unknown>): string | null {
  if (query.signedOut === '1') return 'You have signed out.';
  if (query.passwordSet === '1') return 'Your password has been set. Sign in with it now.';
  return null;
}
