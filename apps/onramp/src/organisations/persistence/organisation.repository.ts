import { Injectable } from '@nestjs/common';
import { LockMode, type EntityManager } from '@mikro-orm/core';
import type { Transaction } from '../../platform/database/transaction';
import { organisationNotFound } from '../domain/organisation.errors';
import { OrganisationEntity } from './organisation.entity';

/** Reads organisations, and locks one for a command that changes anything belonging to it. */
@Injectable()
export class OrganisationRepository {
  /**
   * The organisation row, locked for the rest of the transaction (PostgreSQL `for update`; SQLite
   * transactions hold the single write lock from their start), so every write to one
   * organisation is applied one after another. An organisation the caller cannot see does not
   * exist for it: 404.
   */
  async lock(tx: Transaction, ods: string): Promise<OrganisationEntity> {
    const organisation = await tx.em.findOne(OrganisationEntity, { odsCode: ods }, tx.dialect === 'postgresql' ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
    if (!organisation) throw organisationNotFound(ods);
    return organisation;
  }

  async get(em: EntityManager, ods: string): Promise<OrganisationEntity> {
    const organisation = await em.findOne(OrganisationEntity, { odsCode: ods });
    if (!organisation) throw organisationNotFound(ods);
    return organisation;
  }
}
