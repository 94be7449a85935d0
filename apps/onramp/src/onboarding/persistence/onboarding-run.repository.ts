import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import { DomainError } from '../../shared/domain/domain-error';
import { CLOCK, type Clock } from '../../shared/domain/clock';
import { sqlOf } from '../../platform/database/sql-executor';
import type { Transaction } from '../../platform/database/transaction';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { OnboardingRun, type StoredRunState } from '../domain/onboarding-run';
import { OnboardingErrors } from '../domain/onboarding.errors';
import { ChecklistAdopted } from '../domain/onboarding.events';
import { ChecklistRepository } from './checklist.repository';

/** Where a transaction keeps the run it saved, for subscribers of the same transaction. */
export const savedRunKey = (ods: string) => `onboarding-run:${ods}`;

/**
 * Loads and saves the onboarding run aggregate, and nothing else: a save writes the run's state
 * (guarded by its version) and records the run's new events on the transaction, whose
 * subscribers (audit trail, read models, mail) decide what the events mean for them.
 */
@Injectable()
export class OnboardingRunRepository {
  private readonly dialect: AppConfig['database']['kind'];

  constructor(
    private readonly checklists: ChecklistRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.dialect = config.database.kind;
  }

  /** The run of `ods`, or null when none has started. */
  async find(em: EntityManager, ods: string): Promise<OnboardingRun | null> {
    const sql = sqlOf(em, this.dialect);
    const row = await sql.one<{ state: unknown; version: number; checklist_hash: string }>(
      'select state, version, checklist_hash from onboarding_runs where organisation = ?',
      [ods],
    );
    if (!row) return null;
    const checklist = await this.checklists.get(em, row.checklist_hash);
    return OnboardingRun.fromStored(sql.readJson<StoredRunState>(row.state), checklist, Number(row.version));
  }

  /** The run of `ods`; 404 problem when none has started. */
  async get(em: EntityManager, ods: string): Promise<OnboardingRun> {
    const run = await this.find(em, ods);
    if (!run) throw OnboardingErrors.runNotFound(ods);
    return run;
  }

  /** Inserts a new run (refusing a second run for the organisation) and records its events. */
  async add(tx: Transaction, run: OnboardingRun): Promise<OnboardingRun> {
    if (await tx.sql.one('select id from onboarding_runs where organisation = ?', [run.organisation]))
      throw OnboardingErrors.runAlreadyStarted(run.organisation);
    await this.checklists.save(tx.em, run.checklist, this.clock.now());
    await tx.sql.execute(
      'insert into onboarding_runs (id, organisation, checklist_hash, go_live_date, state, version, updated_at) values (?, ?, ?, ?, ?, 1, ?)',
      [run.id, run.organisation, run.checklistHash, run.goLiveDate, tx.sql.json(run.storedState()), tx.sql.instant(this.clock.now())],
    );
    return this.recorded(tx, run, 1);
  }

  /** Saves a changed run if its version is still the one it was loaded at; records its events. */
  async save(tx: Transaction, run: OnboardingRun): Promise<OnboardingRun> {
    const events = run.pullEvents();
    if (events.length === 0) return run; // nothing changed: no new version, no audit entry
    if (events.some((e) => e instanceof ChecklistAdopted)) await this.checklists.save(tx.em, run.checklist, this.clock.now());
    const updated = await tx.sql.execute(
      'update onboarding_runs set state = ?, go_live_date = ?, checklist_hash = ?, version = ?, updated_at = ? where id = ? and version = ?',
      [tx.sql.json(run.storedState()), run.goLiveDate, run.checklistHash, run.version + 1, tx.sql.instant(this.clock.now()), run.id, run.version],
    );
    if (updated !== 1) {
      throw new DomainError(
        'CONCURRENT_MODIFICATION',
        'conflict',
        'another change to the onboarding run was committed at the same moment: reload and try again',
      );
    }
    tx.record(run.organisation, events);
    const saved = OnboardingRun.saved(run, run.version + 1);
    tx.remember(savedRunKey(run.organisation), saved);
    return saved;
  }

  private recorded(tx: Transaction, run: OnboardingRun, version: number): OnboardingRun {
    tx.record(run.organisation, run.pullEvents());
    const saved = OnboardingRun.saved(run, version);
    tx.remember(savedRunKey(run.organisation), saved);
    return saved;
  }
}
