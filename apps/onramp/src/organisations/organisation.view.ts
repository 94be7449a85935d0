import type { OrganisationEntity } from './persistence/organisation.entity';
import type { PersonEntity } from './persistence/person.entity';

export interface OrganisationView {
  odsCode: string;
  name: string;
  type: string;
  createdAt: string;
}

export const organisationView = (o: Pick<OrganisationEntity, 'odsCode' | 'name' | 'type' | 'createdAt'>): OrganisationView => ({
  odsCode: o.odsCode,
  name: o.name,
  type: o.type,
  createdAt: o.createdAt.toISOString(),
});

export interface PersonView {
  id: string;
  name: string;
  email: string;
  role: string;
  accessRole: string;
  createdAt: string;
}

export const personView = (p: Pick<PersonEntity, 'id' | 'name' | 'email' | 'role' | 'accessRole' | 'createdAt'>): PersonView => ({
  id: p.id,
  name: p.name,
  email: p.email,
  role: p.role,
  accessRole: p.accessRole,
  createdAt: p.createdAt.toISOString(),
});
