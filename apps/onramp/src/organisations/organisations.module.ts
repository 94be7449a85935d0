import { Module } from '@nestjs/common';
import { OnboardingModule } from '../onboarding/onboarding.module';
import { AddPersonController } from './commands/add-person/add-person.controller';
import { AddPersonHandler } from './commands/add-person/add-person.handler';
import { RegisterOrganisationController } from './commands/register-organisation/register-organisation.controller';
import { RegisterOrganisationHandler } from './commands/register-organisation/register-organisation.handler';
import { GetOrganisationController } from './queries/get-organisation/get-organisation.controller';
import { ListOrganisationsController } from './queries/list-organisations/list-organisations.controller';
import { ListPeopleController } from './queries/list-people/list-people.controller';

@Module({
  imports: [OnboardingModule],
  controllers: [RegisterOrganisationController, ListOrganisationsController, GetOrganisationController, AddPersonController, ListPeopleController],
  providers: [RegisterOrganisationHandler, AddPersonHandler],
})
export class OrganisationsModule {}
