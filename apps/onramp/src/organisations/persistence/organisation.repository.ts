import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import { sqlOf, type Sql } from '../../platform/database/sql-executor';
import type { Transaction } from '../../platform/database/transaction';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import type { PersonRole } from '../../shared/domain/roles';
import type { OrganisationType } from '../domain/ods-code';
import { organisationNotFound } from '../domain/organisation.errors';

/** An organisation as the other contexts read it. */
export interface Organisation {
  odsCode: string;
  name: string;
  type: OrganisationType;
  createdAt: Date;
}

/** A person recorded for an organisation, with the role they hold there. */
export interface Person {
  id: string;
  organisation: string;
  name: string;
  email: string;
  role: PersonRole;
  createdAt: Date;
}

const memoKey = (ods: string) => `organisation:${ods}`;

/**
 * Reads organisations, and locks one for a command that changes anything belonging to it. Raw SQL:
 * every command and most reads pass here.
 */
@Injectable()
export class OrganisationRepository {
  private readonly dialect: AppConfig['database']['kind'];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.dialect = config.database.kind;
  }

  /**
   * The organisation, locked for the rest of the transaction (PostgreSQL `for update`; SQLite
   * transactions hold the single write lock from their start), so every write to one organisation
   * is applied one after another. An organisation the caller cannot see does not exist for it: 404.
   */
  async lock(tx: Transaction, ods: string): Promise<Organisation> {
    const organisation = await this.select(tx.sql, ods, tx.sql.forUpdate);
    tx.remember(memoKey(ods), organisation);
    return organisation;
  }

  /** The organisation inside a transaction: the row the command locked, or read now. */
  async inTransaction(tx: Transaction, ods: string): Promise<Organisation> {
    return tx.recall<Organisation>(memoKey(ods)) ?? this.select(tx.sql, ods, '');
  }

  async get(em: EntityManager, ods: string): Promise<Organisation> {
    return this.select(sqlOf(em, this.dialect), ods, '');
  }

  /** The people of an organisation, by role then name. */
  async people(em: EntityManager, ods: string): Promise<Person[]> {
    const sql = sqlOf(em, this.dialect);
    const rows = await sql.query<{ id: string; organisation: string; name: string; email: string; role: PersonRole; created_at: unknown }>(
      'select id, organisation, name, email, role, created_at from people where organisation = ? order by role, name, id',
      [ods],
    );
    return rows.map((r) => ({ id: r.id, organisation: r.organisation, name: r.name, email: r.email, role: r.role, createdAt: sql.readInstant(r.created_at) }));
  }

  private async select(sql: Sql, ods: string, lock: string): Promise<Organisation> {
    const row = await sql.one<{ ods_code: string; name: string; type: OrganisationType; created_at: unknown }>(
      `select ods_code, name, type, created_at from organisations where ods_code = ?${lock}`,
      [ods],
    );
    if (!row) throw organisationNotFound(ods);
    return { odsCode: row.ods_code, name: row.name, type: row.type, createdAt: sql.readInstant(row.created_at) };
  }
}
