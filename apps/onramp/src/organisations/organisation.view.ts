import type { OrganisationEntity } from './persistence/organisation.entity';
import type { PersonEntity } from './persistence/person.entity';

export interface OrganisationView {
  odsCode: string;
  name: string;
  type: string;
  createdAt: string;
  /** Four eyes off: a person may sign off a step they completed themselves. */
  allowSelfSignOff: boolean;
}

export const organisationView = (o: Pick<OrganisationEntity, 'odsCode' | 'name' | 'type' | 'createdAt' | 'allowSelfSignOff'>): OrganisationView => ({
  odsCode: o.odsCode,
  name: o.name,
  type: o.type,
  createdAt: o.createdAt.toISOString(),
  allowSelfSignOff: o.allowSelfSignOff,
});

export interface PersonView {
  id: string;
  name: string;
  email: string;
  role: string;
  accessRole: string;
  createdAt: string;
  /** When they stopped holding the role; null while they hold it. */
  removedAt: string | null;
}

export const personView = (p: Pick<PersonEntity, 'id' | 'name' | 'email' | 'role' | 'accessRole' | 'createdAt' | 'removedAt'>): PersonView => ({
  id: p.id,
  name: p.name,
  email: p.email,
  role: p.role,
  accessRole: p.accessRole,
  createdAt: p.createdAt.toISOString(),
  removedAt: p.removedAt?.toISOString() ?? null,
});
