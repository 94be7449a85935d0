// What the schema composition root (schema/) needs of this context: its tables (and the functions
// its data migrations use), without its Nest module, so a migration loads no application. The
// context's public API is index.ts; this is the second, narrower door (see .dependency-cruiser.cjs).
export { ApiTokenEntity } from './persistence/api-token.entity';
export { UserEntity } from './persistence/user.entity';
export { SessionEntity } from './persistence/session.entity';
export { AccountLinkEntity } from './persistence/account-link.entity';
