import { Global, Module } from '@nestjs/common';
import { AddPersonController } from './commands/add-person/add-person.controller';
import { AddPersonHandler } from './commands/add-person/add-person.handler';
import { RegisterOrganisationController } from './commands/register-organisation/register-organisation.controller';
import { RegisterOrganisationHandler } from './commands/register-organisation/register-organisation.handler';
import { OrganisationRepository } from './persistence/organisation.repository';
import { GetOrganisationController } from './queries/get-organisation/get-organisation.controller';
import { GetOrganisationHandler } from './queries/get-organisation/get-organisation.handler';
import { ListOrganisationsController } from './queries/list-organisations/list-organisations.controller';
import { ListOrganisationsHandler } from './queries/list-organisations/list-organisations.handler';
import { ListPeopleController } from './queries/list-people/list-people.controller';
import { ListPeopleHandler } from './queries/list-people/list-people.handler';

@Global()
@Module({
  controllers: [RegisterOrganisationController, ListOrganisationsController, GetOrganisationController, AddPersonController, ListPeopleController],
  providers: [RegisterOrganisationHandler, AddPersonHandler, OrganisationRepository, GetOrganisationHandler, ListOrganisationsHandler, ListPeopleHandler],
  exports: [OrganisationRepository],
})
export class OrganisationsModule {}
