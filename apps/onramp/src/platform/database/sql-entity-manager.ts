import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';

/** Both drivers are SQL drivers: their entity managers offer the query builder, for set-based reads and writes. */
export const sqlEm = (em: EntityManager): SqlEntityManager => em as unknown as SqlEntityManager;
