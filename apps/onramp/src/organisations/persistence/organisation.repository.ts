import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import { sqlOf, type Sql } from '../../platform/database/sql-executor';
import type { Transaction } from '../../platform/database/transaction';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import type { OrganisationAccessRole, PersonRole } from '../../shared/domain/roles';
import type { OrganisationType } from '../domain/ods-code';
import { organisationNotFound, personNotFound } from '../domain/organisation.errors';
import { PersonEntity } from './person.entity';

/** An organisation as the other contexts read it. */
export interface Organisation {
  odsCode: string;
  name: string;
  type: OrganisationType;
  createdAt: Date;
  /** Whether a person may sign off a step they completed themselves (four eyes off). */
  allowSelfSignOff: boolean;
}

/** A person recorded for an organisation, with the role they hold there. */
export interface Person {
  id: string;
  organisation: string;
  name: string;
  email: string;
  role: PersonRole;
  accessRole: OrganisationAccessRole;
  createdAt: Date;
  /** Set when the person no longer holds the role; they stay so history can name them. */
  removedAt: Date | null;
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

  /**
   * Locks the organisation (as {@link lock}) and loads one of its people for a command that changes
   * them; a person of another organisation, or none, is 404.
   */
  async lockWithPerson(tx: Transaction, ods: string, personId: string): Promise<{ organisation: Organisation; person: PersonEntity }> {
    const organisation = await this.lock(tx, ods);
    const person = await tx.em.findOne(PersonEntity, { id: personId, organisation: organisation.odsCode });
    if (!person) throw personNotFound(organisation.odsCode, personId);
    return { organisation, person };
  }

  /** The organisation inside a transaction: the row the command locked, or read now. */
  async inTransaction(tx: Transaction, ods: string): Promise<Organisation> {
    return tx.recall<Organisation>(memoKey(ods)) ?? this.select(tx.sql, ods, '');
  }

  async get(em: EntityManager, ods: string): Promise<Organisation> {
    return this.select(sqlOf(em, this.dialect), ods, '');
  }

  /** The people of an organisation, by role then name: those who hold their role now, or (`withRemoved`) everyone ever recorded. */
  async people(em: EntityManager, ods: string, options: { withRemoved?: boolean } = {}): Promise<Person[]> {
    const sql = sqlOf(em, this.dialect);
    const rows = await sql.query<{
      id: string;
      organisation: string;
      name: string;
      email: string;
      role: PersonRole;
      access_role: OrganisationAccessRole;
      created_at: unknown;
      removed_at: unknown;
    }>(
      `select id, organisation, name, email, role, access_role, created_at, removed_at from people where organisation = ?${options.withRemoved ? '' : ' and removed_at is null'} order by role, name, id`,
      [ods],
    );
    return rows.map((r) => ({
      id: r.id,
      organisation: r.organisation,
      name: r.name,
      email: r.email,
      role: r.role,
      accessRole: r.access_role,
      createdAt: sql.readInstant(r.created_at),
      removedAt: r.removed_at === null ? null : sql.readInstant(r.removed_at),
    }));
  }

  private async select(sql: Sql, ods: string, lock: string): Promise<Organisation> {
    const row = await sql.one<{ ods_code: string; name: string; type: OrganisationType; created_at: unknown; allow_self_sign_off: unknown }>(
      `select ods_code, name, type, created_at, allow_self_sign_off from organisations where ods_code = ?${lock}`,
      [ods],
    );
    if (!row) throw organisationNotFound(ods);
    return {
      odsCode: row.ods_code,
      name: row.name,
      type: row.type,
      createdAt: sql.readInstant(row.created_at),
      allowSelfSignOff: row.allow_self_sign_off === true || row.allow_self_sign_off === 1,
    };
  }
}
