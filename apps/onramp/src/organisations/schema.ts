// What the schema composition root (schema/) needs of this context: its tables (and the functions
// its data migrations use), without its Nest module, so a migration loads no application. The
// context's public API is index.ts; this is the second, narrower door (see .dependency-cruiser.cjs).
export { OrganisationEntity } from './persistence/organisation.entity';
export { PersonEntity } from './persistence/person.entity';
