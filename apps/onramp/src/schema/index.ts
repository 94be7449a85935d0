import type { DatabaseSchema } from '../platform/database/orm.config';
import { ENTITIES } from './entities';
import { POSTGRESQL_MIGRATIONS, SQLITE_MIGRATIONS } from './migrations';

/** The whole database schema: every context's tables and the migrations that build them. */
export const SCHEMA: DatabaseSchema = { entities: ENTITIES, migrations: { sqlite: SQLITE_MIGRATIONS, postgresql: POSTGRESQL_MIGRATIONS } };
