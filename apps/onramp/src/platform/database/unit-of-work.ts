import { Inject, Injectable } from '@nestjs/common';
import { LockMode, MikroORM, OptimisticLockError, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { DomainError } from '../../shared/domain/domain-error';
import { OrganisationEntity } from '../../organisations/persistence/organisation.entity';

const concurrentChange = () =>
  new DomainError('CONCURRENT_MODIFICATION', 'conflict', 'another change to the same organisation was committed at the same moment: reload and try again');

/**
 * Runs work in one database transaction on its own entity manager fork (no global context).
 * Everything written inside, state, events and audit entries, commits together or not at all.
 */
@Injectable()
export class UnitOfWork {
  private readonly lockMode: LockMode | undefined;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.lockMode = config.database.kind === 'postgresql' ? LockMode.PESSIMISTIC_WRITE : undefined;
  }

  async run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.orm.em.fork().transactional(work);
    } catch (e) {
      if (e instanceof OptimisticLockError || e instanceof UniqueConstraintViolationException) throw concurrentChange();
      throw e;
    }
  }

  /**
   * A transaction that first locks the organisation row (PostgreSQL `FOR UPDATE`; SQLite has one
   * writer at a time anyway), so writes to one organisation and its audit chain are serialised.
   * An organisation the caller cannot see does not exist for it: 404.
   */
  async forOrganisation<T>(ods: string, work: (em: EntityManager, organisation: OrganisationEntity) => Promise<T>): Promise<T> {
    return this.run(async (em) => {
      const organisation = await em.findOne(OrganisationEntity, { odsCode: ods }, this.lockMode ? { lockMode: this.lockMode } : {});
      if (!organisation) throw organisationNotFound(ods);
      return work(em, organisation);
    });
  }

  /** A read-only fork for queries. */
  reader(): EntityManager {
    return this.orm.em.fork({ clear: true });
  }
}

export const organisationNotFound = (ods: string) =>
  new DomainError('ORGANISATION.NOT_FOUND', 'not-found', `organisation ${ods} was not found`, { odsCode: ods });
