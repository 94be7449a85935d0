import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CreateToken, ListTokens, RevokeToken, type TokenView } from '../../identity';
import { ListOrganisations } from '../../organisations';
import { roleLabel, ukDate } from '../../platform/rendering/template-helpers';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { DomainError } from '../../shared/domain/domain-error';
import type { AccessRole } from '../../shared/domain/roles';
import { Requires } from '../../shared/http/access.decorators';
import { field, FormErrors, pageMeta } from '../forms';
import { PageRenderer } from '../page-renderer';
import { oneLineProblem } from '../words';

/** What an integration token may be given: an organisation role, or the national team's view of every organisation. */
const TOKEN_ROLES: { value: AccessRole; hint: string }[] = [
  { value: 'implementation-lead', hint: 'Everything for one organisation, as its implementation lead' },
  { value: 'clinical-lead', hint: 'Everything for one organisation, as its clinical lead' },
  { value: 'contributor', hint: 'Start, complete and waive steps of one organisation' },
  { value: 'viewer', hint: 'Read one organisation' },
  { value: 'national-team', hint: 'Read every organisation, and send the compliance report' },
];
const ALL = '*';

interface TokenForm {
  label: string;
  organisation: string;
  role: string;
}

const tokenNotFound = () => new DomainError('TOKEN.NOT_FOUND', 'not-found', 'no such token');

/**
 * Integration tokens (administrators): the API tokens other systems use, which act under their
 * own name in the audit trail. A new token is shown once, on the page that creates it; Onramp
 * keeps only its hash. People's personal access tokens are theirs, on their account page.
 */
@ApiExcludeController()
@Controller('admin/tokens')
export class TokensPage {
  constructor(
    private readonly pages: PageRenderer,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Requires('tokens.manage')
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('done') done: unknown) {
    await this.render(
      request,
      reply,
      { label: '', organisation: '', role: '' },
      new FormErrors(),
      done === 'revoked' ? 'The token has been revoked: it no longer works.' : null,
    );
  }

  @Post()
  @Requires('tokens.manage')
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    const form: TokenForm = { label: field(body, 'label'), organisation: field(body, 'organisation').toUpperCase(), role: field(body, 'role') };
    const names = await this.organisationNames();
    const errors = new FormErrors();
    const label = oneLineProblem(form.label, 100);
    if (label === 'missing') errors.add('label', 'Enter a name for the token, such as the system that will use it');
    else if (label) errors.add('label', 'Enter a name of 2 to 100 characters, on one line');
    const role = TOKEN_ROLES.find((r) => r.value === form.role)?.value;
    if (form.organisation !== ALL && !names.has(form.organisation)) errors.add('organisation', 'Select the organisation the token acts for');
    else if (role === 'national-team' && form.organisation !== ALL)
      errors.add('organisation', 'A national team token reads every organisation: select All organisations');
    else if (role && role !== 'national-team' && form.organisation === ALL)
      errors.add('organisation', 'Only a national team token acts for all organisations: select one organisation');
    if (!role) errors.add('role', 'Select what the token may do');
    if (errors.any || !role) return this.render(request, reply, form, errors, null, 400);
    const organisation = form.organisation === ALL ? null : form.organisation;
    const created = await this.commands.execute(new CreateToken(organisation, role, form.label, pageMeta(request), null));
    // Shown on this response only (never stored, never cached): the page says so.
    this.pages.send(
      request,
      reply,
      'admin/token-created',
      {
        breadcrumbs: [
          { href: '/admin', label: 'Administration' },
          { href: '/admin/tokens', label: 'Integration tokens' },
        ],
        token: created.token,
        label: created.label,
        actsFor: organisation === null ? 'All organisations' : (names.get(organisation) ?? organisation),
        role: roleLabel(created.role),
      },
      { title: 'Token created', status: 201 },
    );
  }

  @Get(':id/revoke')
  @Requires('tokens.manage')
  async revokeForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string) {
    const token = await this.activeIntegrationToken(id);
    const names = await this.organisationNames();
    this.pages.send(
      request,
      reply,
      'admin/revoke-token',
      {
        breadcrumbs: [
          { href: '/admin', label: 'Administration' },
          { href: '/admin/tokens', label: 'Integration tokens' },
        ],
        token: { id: token.id, label: token.label, actsFor: actsFor(token, names), role: roleLabel(token.role) },
      },
      { title: `Revoke ${token.label}` },
    );
  }

  @Post(':id/revoke')
  @Requires('tokens.manage')
  async revoke(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string) {
    const token = await this.activeIntegrationToken(id);
    await this.commands.execute(new RevokeToken(token.id, pageMeta(request)));
    this.pages.redirect(reply, '/admin/tokens?done=revoked');
  }

  private async activeIntegrationToken(id: string): Promise<TokenView> {
    const { items } = await this.queries.execute(new ListTokens('all'));
    const token = items.find((t) => t.id === id && t.userId === null && t.revokedAt === null);
    if (!token) throw tokenNotFound();
    return token;
  }

  private async organisationNames(): Promise<Map<string, string>> {
    const { items } = await this.queries.execute(new ListOrganisations('all'));
    return new Map(items.map((o) => [o.odsCode, o.name]));
  }

  private async render(request: FastifyRequest, reply: FastifyReply, form: TokenForm, errors: FormErrors, notice: string | null, status = 200) {
    const [{ items }, names] = await Promise.all([this.queries.execute(new ListTokens('all')), this.organisationNames()]);
    const tokens = items.filter((t) => t.userId === null).reverse();
    const tz = this.config.timezone;
    this.pages.send(
      request,
      reply,
      'admin/tokens',
      {
        breadcrumbs: [{ href: '/admin', label: 'Administration' }],
        notice,
        tokens: {
          caption: 'Integration tokens, newest first',
          head: ['Name', 'Acts for', 'Role', 'Created', 'Status', 'Action'],
          rows: tokens.map((t) => [
            { text: t.label },
            { text: actsFor(t, names) },
            { text: roleLabel(t.role) },
            { text: ukDate(t.createdAt, tz) },
            t.revokedAt ? { text: `Revoked on ${ukDate(t.revokedAt, tz)}` } : { tag: { label: 'Active', colour: 'green' } },
            t.revokedAt ? { text: 'None' } : { text: `Revoke ${t.label}`, href: `/admin/tokens/${t.id}/revoke` },
          ]),
        },
        form,
        organisationOptions: [
          { value: '', label: 'Select an organisation', selected: form.organisation === '' },
          { value: ALL, label: 'All organisations (national team tokens only)', selected: form.organisation === ALL },
          ...[...names].map(([value, name]) => ({ value, label: `${name} (${value})`, selected: form.organisation === value })),
        ],
        roleOptions: TOKEN_ROLES.map((r) => ({ value: r.value, label: roleLabel(r.value), hint: r.hint, checked: form.role === r.value })),
        labelError: errors.of('label') ?? null,
        organisationError: errors.of('organisation') ?? null,
        roleError: errors.of('role') ?? null,
      },
      { title: 'Integration tokens', status, errors: errors.list },
    );
  }
}

function actsFor(token: TokenView, names: Map<string, string>): string {
  return token.organisation === null
    ? 'All organisations'
    : `${names.get(token.organisation) ?? 'An organisation no longer registered'} (${token.organisation})`;
}
