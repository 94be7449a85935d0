import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ListAccountStatuses, type AccountStatus } from '../../identity';
import {
  AddPerson,
  ChangePerson,
  defaultAccessRole,
  InvitePersonAgain,
  isLastImplementationLead,
  isPersonEmail,
  ListPeople,
  OdsCodePipe,
  PERSON_NAME_LENGTH,
  RemovePerson,
  type OrganisationView,
  type PersonView,
} from '../../organisations';
import { ukDate } from '../../platform/rendering/template-helpers';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { DomainError } from '../../shared/domain/domain-error';
import { PERSON_ROLES, type PersonRole } from '../../shared/domain/roles';
import { Requires } from '../../shared/http/access.decorators';
import { roleLabel } from '../../platform/rendering/template-helpers';
import { field, FormErrors, pageMeta } from '../forms';
import { OrganisationPages } from '../organisation-pages';
import { PageRenderer } from '../page-renderer';
import { ACCESS_ROLE_HINTS, ACCESS_ROLE_LABELS, isAccessRole, may, oneLineProblem } from '../words';

/** What the add-a-person form holds; `accessRole` '' means "decided by their role". */
interface PersonForm {
  name: string;
  email: string;
  role: string;
  accessRole: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUS_TAGS: Record<AccountStatus | 'removed', { label: string; colour: string }> = {
  active: { label: 'Active', colour: 'green' },
  invited: { label: 'Invited', colour: 'yellow' },
  none: { label: 'Invited', colour: 'yellow' },
  removed: { label: 'Removed', colour: 'grey' },
};

const personNotFound = () => new DomainError('PERSON.NOT_FOUND', 'not-found', 'no such person');

/**
 * People and their roles in one organisation: who holds which role, what they may do in Onramp
 * and whether they have signed in yet, and (for leads) adding a person through a check-your-answers
 * step, changing their name or access, removing them (their history is kept) and inviting them
 * again. Every change goes through the organisations context's commands, like the API's.
 */
@ApiExcludeController()
@Controller('organisations/:ods/people')
export class PeoplePage {
  constructor(
    private readonly pages: PageRenderer,
    private readonly organisations: OrganisationPages,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Requires('read')
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods', OdsCodePipe) ods: string, @Query() query: Record<string, unknown>) {
    const organisation = await this.organisations.organisation(ods);
    const people = await this.people(ods);
    const statuses = await this.statuses(people);
    const current = people.filter((p) => p.removedAt === null);
    const removed = people.filter((p) => p.removedAt !== null);
    const removedNow = typeof query.removed === 'string' ? removed.find((p) => p.id === query.removed) : undefined;
    const notice = removedNow
      ? `${removedNow.name} has been removed. They are listed under Removed people, and the audit trail keeps what they did.`
      : query.done === 'registered'
        ? `${organisation.name} has been registered. Add its implementation lead now: they will be emailed a link to set their password.`
        : null;
    const link = (p: PersonView) => ({ text: p.name, href: `/organisations/${ods}/people/${p.id}` });
    this.pages.send(
      request,
      reply,
      'people/list',
      {
        organisation: { odsCode: organisation.odsCode, name: organisation.name },
        breadcrumbs: this.organisations.crumbs(organisation),
        notice,
        canManage: may(request.principal, 'people.manage'),
        addHref: `/organisations/${ods}/people/add`,
        people: {
          caption: `People who hold a role in ${organisation.name}`,
          head: ['Name', 'Email address', 'Role', 'In Onramp', 'Status'],
          rows: current.map((p) => [
            link(p),
            { text: p.email },
            { text: roleLabel(p.role) },
            { text: ACCESS_ROLE_LABELS[p.accessRole as keyof typeof ACCESS_ROLE_LABELS] ?? roleLabel(p.accessRole) },
            { tag: STATUS_TAGS[statuses.get(p.email) ?? 'none'] },
          ]),
        },
        removed: {
          caption: `People who held a role in ${organisation.name}`,
          head: ['Name', 'Email address', 'Role', 'Removed on'],
          rows: removed.map((p) => [link(p), { text: p.email }, { text: roleLabel(p.role) }, { text: ukDate(p.removedAt, this.config.timezone) }]),
        },
      },
      { title: `People – ${organisation.name}` },
    );
  }

  @Get('add')
  @Requires('people.manage')
  async addForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods', OdsCodePipe) ods: string, @Query('from') from: unknown) {
    // "Give them this role again", from a removed person's page: the form starts with their details.
    const again = typeof from === 'string' && UUID.test(from) ? (await this.people(ods)).find((p) => p.id === from && p.removedAt !== null) : undefined;
    const form: PersonForm = again ? { name: again.name, email: again.email, role: again.role, accessRole: again.accessRole } : blankForm();
    await this.renderAddForm(request, reply, ods, form, new FormErrors());
  }

  @Post('add')
  @Requires('people.manage')
  async checkAdd(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods', OdsCodePipe) ods: string, @Body() body: unknown) {
    const form = formOf(body);
    const errors = await this.validate(ods, form);
    if (errors.any) return this.renderAddForm(request, reply, ods, form, errors, 400);
    const organisation = await this.organisations.organisation(ods);
    const role = form.role as PersonRole;
    const access = isAccessRole(form.accessRole) ? form.accessRole : defaultAccessRole(role);
    this.pages.send(
      request,
      reply,
      'people/check-add',
      {
        organisation: { odsCode: organisation.odsCode, name: organisation.name },
        breadcrumbs: this.organisations.crumbs(organisation, { href: `/organisations/${ods}/people`, label: 'People' }),
        rows: [
          { key: 'Name', value: form.name },
          { key: 'Email address', value: form.email },
          { key: 'Role', value: roleLabel(role) },
          {
            key: 'What they may do in Onramp',
            value: `${ACCESS_ROLE_LABELS[access]}${form.accessRole === '' ? ' (from their role)' : ''}: ${ACCESS_ROLE_HINTS[access]}`,
          },
        ],
        form,
        linkHours: this.config.inviteLinkHours,
      },
      { title: `Check the person’s details – ${organisation.name}` },
    );
  }

  @Post('add/confirm')
  @Requires('people.manage')
  async add(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods', OdsCodePipe) ods: string, @Body() body: unknown) {
    const form = formOf(body);
    if (field(body, 'action') === 'change') return this.renderAddForm(request, reply, ods, form, new FormErrors());
    const errors = await this.validate(ods, form);
    if (errors.any) return this.renderAddForm(request, reply, ods, form, errors, 400);
    const role = form.role as PersonRole;
    try {
      const person = await this.commands.execute(
        new AddPerson(ods, form.name, form.email, role, pageMeta(request), isAccessRole(form.accessRole) ? form.accessRole : defaultAccessRole(role)),
      );
      this.pages.redirect(reply, `/organisations/${ods}/people/${person.id}?done=added`);
    } catch (e) {
      // Someone else added them between the check and the confirmation.
      if (e instanceof DomainError && e.code === 'PERSON.ALREADY_HOLDS_ROLE')
        return this.renderAddForm(request, reply, ods, form, new FormErrors().add('role', alreadyHolds(form, await this.organisations.organisation(ods))), 400);
      throw e;
    }
  }

  @Get(':personId')
  @Requires('read')
  async person(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('ods', OdsCodePipe) ods: string,
    @Param('personId') personId: string,
    @Query('done') done: unknown,
  ) {
    const organisation = await this.organisations.organisation(ods);
    const person = await this.personOf(ods, personId);
    const status: AccountStatus | 'removed' = person.removedAt ? 'removed' : ((await this.statuses([person])).get(person.email) ?? 'none');
    const invited = status !== 'active';
    const notices: Record<string, string> = {
      added: invited
        ? `${person.name} has been added. Onramp has emailed ${person.email} a link to set their password.`
        : `${person.name} has been added. Onramp has emailed them a welcome with a link to sign in.`,
      changed: 'The changes have been saved.',
      invited: invited
        ? `The invitation has been sent to ${person.email} again, with a new link to set their password.`
        : `The welcome has been sent to ${person.email} again, with a link to sign in.`,
    };
    const access = ACCESS_ROLE_LABELS[person.accessRole as keyof typeof ACCESS_ROLE_LABELS] ?? roleLabel(person.accessRole);
    const canManage = may(request.principal, 'people.manage');
    this.pages.send(
      request,
      reply,
      'people/person',
      {
        organisation: { odsCode: organisation.odsCode, name: organisation.name },
        breadcrumbs: this.organisations.crumbs(organisation, { href: `/organisations/${ods}/people`, label: 'People' }),
        notice: typeof done === 'string' ? (notices[done] ?? null) : null,
        person: { id: person.id, name: person.name },
        status: STATUS_TAGS[status],
        rows: [
          {
            key: 'Name',
            value: person.name,
            ...(canManage && !person.removedAt ? { href: `/organisations/${ods}/people/${person.id}/edit`, actionHidden: 'name' } : {}),
          },
          { key: 'Email address', value: person.email },
          { key: 'Role', value: roleLabel(person.role) },
          {
            key: 'What they may do in Onramp',
            value: access,
            ...(canManage && !person.removedAt ? { href: `/organisations/${ods}/people/${person.id}/edit`, actionHidden: 'what they may do in Onramp' } : {}),
          },
          { key: 'Added on', value: ukDate(person.createdAt, this.config.timezone) },
          ...(person.removedAt ? [{ key: 'Removed on', value: ukDate(person.removedAt, this.config.timezone) }] : []),
        ],
        canManage,
        removed: person.removedAt !== null,
        invited,
        personId: person.id,
      },
      { title: `${person.name} – ${organisation.name}` },
    );
  }

  @Get(':personId/edit')
  @Requires('people.manage')
  async editForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods', OdsCodePipe) ods: string, @Param('personId') personId: string) {
    const person = await this.personOf(ods, personId, { holdingRole: true });
    await this.renderEditForm(request, reply, ods, person, { name: person.name, accessRole: person.accessRole }, new FormErrors());
  }

  @Post(':personId/edit')
  @Requires('people.manage')
  async edit(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('ods', OdsCodePipe) ods: string,
    @Param('personId') personId: string,
    @Body() body: unknown,
  ) {
    const person = await this.personOf(ods, personId, { holdingRole: true });
    const form = { name: field(body, 'name'), accessRole: field(body, 'accessRole') };
    const errors = new FormErrors();
    const name = oneLineProblem(form.name, PERSON_NAME_LENGTH.max, PERSON_NAME_LENGTH.min);
    if (name === 'missing') errors.add('name', 'Enter the person’s full name');
    else if (name) errors.add('name', `Enter a name of ${PERSON_NAME_LENGTH.min} to ${PERSON_NAME_LENGTH.max} characters, on one line`);
    if (!isAccessRole(form.accessRole)) errors.add('accessRole', 'Select what they may do in Onramp');
    if (errors.any || !isAccessRole(form.accessRole)) return this.renderEditForm(request, reply, ods, person, form, errors, 400);
    try {
      await this.commands.execute(new ChangePerson(ods, person.id, { name: form.name, accessRole: form.accessRole }, pageMeta(request)));
    } catch (e) {
      if (e instanceof DomainError && e.code === 'PERSON.LAST_IMPLEMENTATION_LEAD')
        return this.renderEditForm(request, reply, ods, person, form, new FormErrors().add('accessRole', e.message), 409);
      throw e;
    }
    this.pages.redirect(reply, `/organisations/${ods}/people/${person.id}?done=changed`);
  }

  @Get(':personId/remove')
  @Requires('people.manage')
  async removeForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods', OdsCodePipe) ods: string, @Param('personId') personId: string) {
    const organisation = await this.organisations.organisation(ods);
    const people = await this.people(ods);
    const person = this.holding(people, personId);
    await this.renderRemove(request, reply, organisation, person, isLastImplementationLead(people, person.id) ? lastLead(person, organisation) : null);
  }

  @Post(':personId/remove')
  @Requires('people.manage')
  async remove(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods', OdsCodePipe) ods: string, @Param('personId') personId: string) {
    const person = await this.personOf(ods, personId, { holdingRole: true });
    try {
      await this.commands.execute(new RemovePerson(ods, person.id, pageMeta(request)));
    } catch (e) {
      if (e instanceof DomainError && e.code === 'PERSON.LAST_IMPLEMENTATION_LEAD') {
        const organisation = await this.organisations.organisation(ods);
        return this.renderRemove(request, reply, organisation, person, lastLead(person, organisation), 409);
      }
      throw e;
    }
    this.pages.redirect(reply, `/organisations/${ods}/people?removed=${person.id}`);
  }

  @Post(':personId/invitations')
  @Requires('people.manage')
  async inviteAgain(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('ods', OdsCodePipe) ods: string, @Param('personId') personId: string) {
    const person = await this.personOf(ods, personId, { holdingRole: true });
    await this.commands.execute(new InvitePersonAgain(ods, person.id, pageMeta(request)));
    this.pages.redirect(reply, `/organisations/${ods}/people/${person.id}?done=invited`);
  }

  private async people(ods: string): Promise<PersonView[]> {
    return (await this.queries.execute(new ListPeople(ods, { includeRemoved: true }))).items;
  }

  private statuses(people: readonly PersonView[]): Promise<Map<string, AccountStatus>> {
    return this.queries.execute(new ListAccountStatuses(people.map((p) => p.email)));
  }

  /** The person, of this organisation only: another organisation's person, or an id that names nobody, is "Page not found". */
  private async personOf(ods: string, personId: string, options: { holdingRole?: boolean } = {}): Promise<PersonView> {
    const people = await this.people(ods);
    return options.holdingRole ? this.holding(people, personId) : this.find(people, personId);
  }

  private find(people: readonly PersonView[], personId: string): PersonView {
    const person = UUID.test(personId) ? people.find((p) => p.id === personId.toLowerCase()) : undefined;
    if (!person) throw personNotFound();
    return person;
  }

  /** Removed people can be looked at, and added again, but not changed, removed or invited. */
  private holding(people: readonly PersonView[], personId: string): PersonView {
    const person = this.find(people, personId);
    if (person.removedAt) throw new DomainError('PERSON.REMOVED', 'conflict', `${person.name} no longer holds this role: add them again to give it back`);
    return person;
  }

  private async validate(ods: string, form: PersonForm): Promise<FormErrors> {
    const errors = new FormErrors();
    const name = oneLineProblem(form.name, PERSON_NAME_LENGTH.max, PERSON_NAME_LENGTH.min);
    if (name === 'missing') errors.add('name', 'Enter the person’s full name');
    else if (name) errors.add('name', `Enter a name of ${PERSON_NAME_LENGTH.min} to ${PERSON_NAME_LENGTH.max} characters, on one line`);
    if (form.email === '') errors.add('email', 'Enter their email address');
    else if (!isPersonEmail(form.email)) errors.add('email', 'Enter an email address in the correct format, like name@nhs.net');
    if (!(PERSON_ROLES as readonly string[]).includes(form.role)) errors.add('role', 'Select the role they hold');
    if (form.accessRole !== '' && !isAccessRole(form.accessRole)) errors.add('accessRole', 'Select what they may do in Onramp');
    if (!errors.of('email') && !errors.of('role')) {
      const holder = (await this.people(ods)).find((p) => p.email === form.email && p.role === form.role && p.removedAt === null);
      if (holder) errors.add('role', alreadyHolds(form, await this.organisations.organisation(ods)));
    }
    return errors;
  }

  private async renderAddForm(request: FastifyRequest, reply: FastifyReply, ods: string, form: PersonForm, errors: FormErrors, status = 200) {
    const organisation = await this.organisations.organisation(ods);
    this.pages.send(
      request,
      reply,
      'people/add',
      {
        organisation: { odsCode: organisation.odsCode, name: organisation.name },
        breadcrumbs: this.organisations.crumbs(organisation, { href: `/organisations/${ods}/people`, label: 'People' }),
        form,
        roleOptions: PERSON_ROLES.map((r) => ({ value: r, label: roleLabel(r), checked: form.role === r })),
        accessOptions: [
          {
            value: '',
            label: 'Decided by their role',
            hint: 'Implementation leads and clinical leads act as such; everyone else as a contributor',
            checked: form.accessRole === '',
          },
          ...accessOptions(form.accessRole),
        ],
        nameError: errors.of('name') ?? null,
        emailError: errors.of('email') ?? null,
        roleError: errors.of('role') ?? null,
        accessRoleError: errors.of('accessRole') ?? null,
      },
      { title: `Add a person – ${organisation.name}`, status, errors: errors.list },
    );
  }

  private async renderEditForm(
    request: FastifyRequest,
    reply: FastifyReply,
    ods: string,
    person: PersonView,
    form: { name: string; accessRole: string },
    errors: FormErrors,
    status = 200,
  ) {
    const organisation = await this.organisations.organisation(ods);
    this.pages.send(
      request,
      reply,
      'people/edit',
      {
        organisation: { odsCode: organisation.odsCode, name: organisation.name },
        breadcrumbs: this.organisations.crumbs(
          organisation,
          { href: `/organisations/${ods}/people`, label: 'People' },
          { href: `/organisations/${ods}/people/${person.id}`, label: person.name },
        ),
        person: { id: person.id, name: person.name, email: person.email, role: roleLabel(person.role) },
        form,
        accessOptions: accessOptions(form.accessRole),
        nameError: errors.of('name') ?? null,
        accessRoleError: errors.of('accessRole') ?? null,
      },
      { title: `Change ${person.name}’s details – ${organisation.name}`, status, errors: errors.list },
    );
  }

  private async renderRemove(
    request: FastifyRequest,
    reply: FastifyReply,
    organisation: OrganisationView,
    person: PersonView,
    refusal: string | null,
    status = 200,
  ) {
    this.pages.send(
      request,
      reply,
      'people/remove',
      {
        organisation: { odsCode: organisation.odsCode, name: organisation.name },
        breadcrumbs: this.organisations.crumbs(
          organisation,
          { href: `/organisations/${organisation.odsCode}/people`, label: 'People' },
          { href: `/organisations/${organisation.odsCode}/people/${person.id}`, label: person.name },
        ),
        person: { id: person.id, name: person.name, role: roleLabel(person.role) },
        refusal,
      },
      { title: `Remove ${person.name} – ${organisation.name}`, status },
    );
  }
}

const blankForm = (): PersonForm => ({ name: '', email: '', role: '', accessRole: '' });

function formOf(body: unknown): PersonForm {
  return { name: field(body, 'name'), email: field(body, 'email').toLowerCase(), role: field(body, 'role'), accessRole: field(body, 'accessRole') };
}

function accessOptions(checked: string) {
  return (Object.keys(ACCESS_ROLE_LABELS) as (keyof typeof ACCESS_ROLE_LABELS)[]).map((r) => ({
    value: r,
    label: ACCESS_ROLE_LABELS[r],
    hint: ACCESS_ROLE_HINTS[r],
    checked: checked === r,
  }));
}

const alreadyHolds = (form: PersonForm, organisation: OrganisationView) =>
  `${form.email} already holds the role ${roleLabel(form.role)} in ${organisation.name}: choose another role, or change the person who holds it`;

const lastLead = (person: PersonView, organisation: OrganisationView) =>
  `${person.name} is the only implementation lead of ${organisation.name}, so they cannot be removed. Give someone else implementation lead access first: add a person, or change what someone already here may do.`;
