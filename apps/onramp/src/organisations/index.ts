/** The organisations context as other contexts may use it. */
export { OrganisationEntity } from './persistence/organisation.entity';
export { PersonEntity } from './persistence/person.entity';
export { OrganisationRepository, type Organisation, type Person } from './persistence/organisation.repository';
export { organisationNotFound } from './domain/organisation.errors';
export { OrganisationRegistered, PersonAdded, PersonChanged, PersonInvitedAgain, PersonRemoved, SelfSignOffSettingChanged } from './domain/organisation.events';
export { normaliseOdsCode, parseOdsCode, isOdsCode, ORGANISATION_TYPES, type OrganisationType } from './domain/ods-code';
export { OdsCodePipe } from './ods-code.pipe';
export { organisationView, personView, type OrganisationView, type PersonView } from './organisation.view';
export { RegisterOrganisation } from './commands/register-organisation/register-organisation.command';
export { AddPerson } from './commands/add-person/add-person.command';
export { GetOrganisation } from './queries/get-organisation/get-organisation.query';
export { ListPeople } from './queries/list-people/list-people.query';
export { OrganisationResponse, PersonResponse } from './organisation.response';
export { OrganisationsModule } from './organisations.module';
