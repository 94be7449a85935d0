import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountService, AuthFailureLimiter, CreateToken, ListTokens, RevokeToken, SessionService } from '../../identity';
import { Requires } from '../../shared/http/access.decorators';
import type { Account } from '../../shared/domain/access-policy';
import { accountOf, field, FormErrors, pageMeta } from '../forms';
import { PageRenderer } from '../page-renderer';

const NOTICES: Record<string, string> = {
  revoked: 'The token has been revoked: it no longer works.',
  password: 'Your password has been changed. You have been signed out everywhere else.',
};

/**
 * The signed-in person's own page: who they are and what they may do where, their personal access
 * tokens (created and revoked here; a token acts as them, with their role in its organisation),
 * changing their password, and signing out everywhere.
 */
@ApiExcludeController()
@Controller('account')
export class AccountPage {
  constructor(
    private readonly pages: PageRenderer,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly accounts: AccountService,
    private readonly sessions: SessionService,
    private readonly failures: AuthFailureLimiter,
  ) {}

  @Get()
  @Requires('read')
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('done') done: unknown) {
    await this.render(request, reply, { notice: typeof done === 'string' ? (NOTICES[done] ?? null) : null });
  }

  @Post('tokens')
  @Requires('read')
  async createToken(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    const account = accountOf(request);
    const label = field(body, 'label');
    const organisation = field(body, 'organisation');
    const errors = new FormErrors();
    const scope = scopesOf(account).find((s) => s.value === organisation);
    if (!scope) errors.add('organisation', 'Select the organisation the token may act for');
    if (!label) errors.add('label', 'Enter a name for the token, such as the tool that will use it');
    else if (label.length > 100 || /[\u0000-\u001f\u007f]/.test(label)) errors.add('label', 'Enter a name of 100 characters or fewer, on one line');
    if (errors.any || !scope) return this.render(request, reply, { errors, values: { label, organisation } }, 400);
    const created = await this.commands.execute(new CreateToken(scope.value === '*' ? null : scope.value, scope.role, label, pageMeta(request), account.id));
    // Shown once, on this response only (never stored, never cached): the page says so.
    await this.render(request, reply, { created: { token: created.token, label: created.label, organisation: scope.label } }, 201);
  }

  @Post('tokens/:id/revoke')
  @Requires('read')
  async revokeToken(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string) {
    const account = accountOf(request);
    await this.commands.execute(new RevokeToken(id, pageMeta(request), account.id));
    this.pages.redirect(reply, '/account?done=revoked');
  }

  @Post('password')
  @Requires('read')
  async changePassword(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    const account = accountOf(request);
    const current = field(body, 'currentPassword', { trim: false });
    const password = field(body, 'password', { trim: false });
    const confirm = field(body, 'confirmPassword', { trim: false });
    const errors = new FormErrors();
    const row = await this.accounts.byId(account.id);
    if (row?.passwordHash) {
      // Limited like sign-in (a 429 page once the account is locked): a session left open must not let anyone find the password by guessing.
      const attempt = await this.failures.beginPasswordAttempt(request.ip, this.accounts.failureKey(row.email));
      if (await this.accounts.checkPassword(row, current)) await attempt.succeeded();
      else errors.add('currentPassword', 'Enter your current password correctly');
    }
    const problem = password ? this.accounts.passwordProblem(password, account) : 'Enter a new password';
    if (problem) errors.add('password', problem);
    else if (confirm !== password) errors.add('confirmPassword', 'The passwords do not match: enter the same password twice');
    if (errors.any) return this.render(request, reply, { errors }, 400);
    await this.accounts.changePassword(account.id, password);
    const secret = await this.sessions.start(account.id);
    void reply.setCookie(this.sessions.cookieName, secret, this.sessions.cookieOptions());
    this.pages.redirect(reply, '/account?done=password');
  }

  @Post('sign-out-everywhere')
  @Requires('read')
  async signOutEverywhere(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const account = accountOf(request);
    await this.accounts.endSessions(this.accounts.sql(), account.id);
    void reply.clearCookie(this.sessions.cookieName, this.sessions.cookieOptions());
    this.pages.redirect(reply, '/sign-in?signedOut=1');
  }

  private async render(
    request: FastifyRequest,
    reply: FastifyReply,
    state: {
      notice?: string | null;
      errors?: FormErrors;
      values?: { label: string; organisation: string };
      created?: { token: string; label: string; organisation: string };
    },
    status = 200,
  ) {
    const account = accountOf(request);
    const { items } = await this.queries.execute(new ListTokens({ userId: account.id }));
    const names = new Map(account.memberships.map((m) => [m.organisation, m.organisationName]));
    const errors = state.errors ?? new FormErrors();
    const row = await this.accounts.byId(account.id);
    this.pages.send(
      request,
      reply,
      'account/account',
      {
        account: { name: account.name, email: account.email, globalRole: account.globalRole, hasPassword: Boolean(row?.passwordHash) },
        memberships: account.memberships.map((m) => ({ organisation: m.organisation, organisationName: m.organisationName, role: m.role, duties: m.duties })),
        tokens: items
          .filter((t) => t.revokedAt === null)
          .map((t) => ({
            id: t.id,
            label: t.label,
            organisation: t.organisation === null ? 'All organisations' : (names.get(t.organisation) ?? t.organisation),
            role: t.role,
            createdAt: t.createdAt,
          })),
        scopes: scopesOf(account).map((s) => ({ value: s.value, label: `${s.label} (as ${s.roleLabel})`, selected: s.value === state.values?.organisation })),
        label: state.values?.label ?? '',
        notice: state.notice ?? null,
        created: state.created ?? null,
        labelError: errors.of('label') ?? null,
        organisationError: errors.of('organisation') ?? null,
        currentPasswordError: errors.of('currentPassword') ?? null,
        passwordError: errors.of('password') ?? null,
        confirmError: errors.of('confirmPassword') ?? null,
      },
      { title: 'Your account', status, errors: errors.list },
    );
  }
}

const ROLE_WORDS: Record<string, string> = {
  'implementation-lead': 'implementation lead',
  'clinical-lead': 'clinical lead',
  contributor: 'contributor',
  viewer: 'viewer',
  'national-team': 'national team',
  admin: 'administrator',
};

/** Where a personal access token may act: each organisation with the person's role there, and everywhere for a global role. */
function scopesOf(account: Account) {
  const scopes = account.memberships.map((m) => ({ value: m.organisation, label: m.organisationName, role: m.role, roleLabel: ROLE_WORDS[m.role] }));
  // Admin power is not handed to a token (the API issues no admin tokens either): an administrator's personal tokens act in their organisations only.
  if (account.globalRole === 'national-team')
    scopes.unshift({ value: '*', label: 'All organisations', role: account.globalRole as never, roleLabel: ROLE_WORDS[account.globalRole] });
  return scopes as { value: string; label: string; role: Account['memberships'][number]['role'] | 'national-team' | 'admin'; roleLabel: string }[];
}
