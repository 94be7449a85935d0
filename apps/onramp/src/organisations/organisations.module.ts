import { Global, Module } from '@nestjs/common';
import { AddPersonController } from './commands/add-person/add-person.controller';
import { AddPersonHandler } from './commands/add-person/add-person.handler';
import { ChangePersonController } from './commands/change-person/change-person.controller';
import { ChangePersonHandler } from './commands/change-person/change-person.handler';
import { ChangeSelfSignOffSettingController } from './commands/change-self-sign-off-setting/change-self-sign-off-setting.controller';
import { ChangeSelfSignOffSettingHandler } from './commands/change-self-sign-off-setting/change-self-sign-off-setting.handler';
import { InvitePersonAgainController } from './commands/invite-person-again/invite-person-again.controller';
import { InvitePersonAgainHandler } from './commands/invite-person-again/invite-person-again.handler';
import { RegisterOrganisationController } from './commands/register-organisation/register-organisation.controller';
import { RegisterOrganisationHandler } from './commands/register-organisation/register-organisation.handler';
import { RemovePersonController } from './commands/remove-person/remove-person.controller';
import { RemovePersonHandler } from './commands/remove-person/remove-person.handler';
import { OrganisationRepository } from './persistence/organisation.repository';
import { GetOrganisationController } from './queries/get-organisation/get-organisation.controller';
import { GetOrganisationHandler } from './queries/get-organisation/get-organisation.handler';
import { ListOrganisationsController } from './queries/list-organisations/list-organisations.controller';
import { ListOrganisationsHandler } from './queries/list-organisations/list-organisations.handler';
import { ListPeopleController } from './queries/list-people/list-people.controller';
import { ListPeopleHandler } from './queries/list-people/list-people.handler';

@Global()
@Module({
  controllers: [
    RegisterOrganisationController,
    ListOrganisationsController,
    GetOrganisationController,
    AddPersonController,
    ListPeopleController,
    ChangePersonController,
    RemovePersonController,
    InvitePersonAgainController,
    ChangeSelfSignOffSettingController,
  ],
  providers: [
    RegisterOrganisationHandler,
    AddPersonHandler,
    ChangePersonHandler,
    RemovePersonHandler,
    InvitePersonAgainHandler,
    ChangeSelfSignOffSettingHandler,
    OrganisationRepository,
    GetOrganisationHandler,
    ListOrganisationsHandler,
    ListPeopleHandler,
  ],
  exports: [OrganisationRepository],
})
export class OrganisationsModule {}
