import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isOdsCode, normaliseOdsCode, ORGANISATION_TYPES, RegisterOrganisation, type OrganisationType } from '../../organisations';
import { typeLabel } from '../../platform/rendering/template-helpers';
import { DomainError } from '../../shared/domain/domain-error';
import { Requires } from '../../shared/http/access.decorators';
import { field, FormErrors, pageMeta } from '../forms';
import { PageRenderer } from '../page-renderer';
import { oneLineProblem } from '../words';

interface OrganisationForm {
  odsCode: string;
  name: string;
  type: string;
}

/**
 * Registering a provider organisation (administrators): its ODS code, checked as the API checks it,
 * name and type, a check-your-answers step, then its people page to add its implementation lead.
 */
@ApiExcludeController()
@Controller('admin/organisations/new')
export class RegisterOrganisationPage {
  constructor(
    private readonly pages: PageRenderer,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @Requires('organisations.register')
  form(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    this.renderForm(request, reply, { odsCode: '', name: '', type: '' }, new FormErrors());
  }

  @Post()
  @Requires('organisations.register')
  check(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    const form = formOf(body);
    const errors = validate(form);
    if (errors.any) return this.renderForm(request, reply, form, errors, 400);
    this.pages.send(
      request,
      reply,
      'admin/check-organisation',
      {
        breadcrumbs: [{ href: '/admin', label: 'Administration' }],
        rows: [
          { key: 'ODS code', value: form.odsCode },
          { key: 'Name', value: form.name },
          { key: 'Type', value: typeLabel(form.type) },
        ],
        form,
      },
      { title: 'Check the organisation’s details' },
    );
  }

  @Post('confirm')
  @Requires('organisations.register')
  async register(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    const form = formOf(body);
    if (field(body, 'action') === 'change') return this.renderForm(request, reply, form, new FormErrors());
    const errors = validate(form);
    if (errors.any) return this.renderForm(request, reply, form, errors, 400);
    try {
      const organisation = await this.commands.execute(new RegisterOrganisation(form.odsCode, form.name, form.type as OrganisationType, pageMeta(request)));
      this.pages.redirect(reply, `/organisations/${organisation.odsCode}/people?done=registered`);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'ORGANISATION.ALREADY_REGISTERED')
        return this.renderForm(
          request,
          reply,
          form,
          new FormErrors().add('odsCode', `${form.odsCode} is already registered in Onramp: check the ODS code, or open that organisation`),
          409,
        );
      throw e;
    }
  }

  private renderForm(request: FastifyRequest, reply: FastifyReply, form: OrganisationForm, errors: FormErrors, status = 200) {
    this.pages.send(
      request,
      reply,
      'admin/register-organisation',
      {
        breadcrumbs: [{ href: '/admin', label: 'Administration' }],
        form,
        typeOptions: ORGANISATION_TYPES.map((t) => ({ value: t, label: typeLabel(t), checked: form.type === t })),
        odsCodeError: errors.of('odsCode') ?? null,
        nameError: errors.of('name') ?? null,
        typeError: errors.of('type') ?? null,
      },
      { title: 'Register an organisation', status, errors: errors.list },
    );
  }
}

function formOf(body: unknown): OrganisationForm {
  const odsCode = field(body, 'odsCode');
  return { odsCode: isOdsCode(odsCode) ? normaliseOdsCode(odsCode) : odsCode, name: field(body, 'name'), type: field(body, 'type') };
}

function validate(form: OrganisationForm): FormErrors {
  const errors = new FormErrors();
  if (form.odsCode === '') errors.add('odsCode', 'Enter the organisation’s ODS code');
  else if (!isOdsCode(form.odsCode)) errors.add('odsCode', 'Enter an ODS code of 1 to 9 letters or digits, like RH8 or NV701');
  const name = oneLineProblem(form.name, 200);
  if (name === 'missing') errors.add('name', 'Enter the organisation’s name');
  else if (name) errors.add('name', 'Enter a name of 2 to 200 characters, on one line');
  if (!(ORGANISATION_TYPES as readonly string[]).includes(form.type)) errors.add('type', 'Select the type of organisation');
  return errors;
}
