import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import { DomainError } from '../../shared/domain/domain-error';
import { CLOCK, type Clock } from '../../shared/domain/clock';
import type { Transaction } from '../../platform/database/transaction';
import { compactState, expandState, OnboardingRun } from '../domain/onboarding-run';
import { OnboardingErrors } from '../domain/onboarding.errors';
import { ChecklistAdopted } from '../domain/onboarding.events';
import { ChecklistRepository } from './checklist.repository';
import { OnboardingRunEntity } from './onboarding-run.entity';

/** Where a transaction keeps the run it saved, for subscribers of the same transaction. */
export const savedRunKey = (ods: string) => `onboarding-run:${ods}`;

/**
 * Loads and saves the onboarding run aggregate, and nothing else: a save writes the run's state
 * (guarded by its version) and records the run's new events on the transaction, whose
 * subscribers (audit trail, read models, mail) decide what the events mean for them.
 */
@Injectable()
export class OnboardingRunRepository {
  constructor(
    private readonly checklists: ChecklistRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The run of `ods`, or null when none has started. */
  async find(em: EntityManager, ods: string): Promise<OnboardingRun | null> {
    const row = await em.findOne(OnboardingRunEntity, { organisation: ods }, { disableIdentityMap: true });
    if (!row) return null;
    const checklist = await this.checklists.get(em, row.checklistHash);
    return OnboardingRun.restore(expandState(row.state, checklist), row.version);
  }

  /** The run of `ods`; 404 problem when none has started. */
  async get(em: EntityManager, ods: string): Promise<OnboardingRun> {
    const run = await this.find(em, ods);
    if (!run) throw OnboardingErrors.runNotFound(ods);
    return run;
  }

  /** Inserts a new run (refusing a second run for the organisation) and records its events. */
  async add(tx: Transaction, run: OnboardingRun): Promise<OnboardingRun> {
    if (await tx.em.findOne(OnboardingRunEntity, { organisation: run.organisation }, { disableIdentityMap: true, fields: ['id'] })) {
      throw OnboardingErrors.runAlreadyStarted(run.organisation);
    }
    const snapshot = run.snapshot();
    await this.checklists.save(tx.em, run.checklist, this.clock.now());
    await tx.em.insert(OnboardingRunEntity, {
      id: run.id,
      organisation: run.organisation,
      checklistHash: snapshot.checklistHash,
      goLiveDate: snapshot.goLiveDate,
      state: compactState(snapshot),
      version: 1,
      updatedAt: this.clock.now(),
    });
    return this.recorded(tx, run, 1);
  }

  /** Saves a changed run if its version is still the one it was loaded at; records its events. */
  async save(tx: Transaction, run: OnboardingRun): Promise<OnboardingRun> {
    const events = run.pullEvents();
    if (events.length === 0) return run; // nothing changed: no new version, no audit entry
    const snapshot = run.snapshot();
    if (events.some((e) => e instanceof ChecklistAdopted)) await this.checklists.save(tx.em, run.checklist, this.clock.now());
    const updated = await tx.em.nativeUpdate(
      OnboardingRunEntity,
      { id: run.id, version: run.version },
      {
        state: compactState(snapshot),
        goLiveDate: snapshot.goLiveDate,
        checklistHash: snapshot.checklistHash,
        version: run.version + 1,
        updatedAt: this.clock.now(),
      },
    );
    if (updated !== 1) {
      throw new DomainError(
        'CONCURRENT_MODIFICATION',
        'conflict',
        'another change to the onboarding run was committed at the same moment: reload and try again',
      );
    }
    tx.record(run.organisation, events);
    const saved = OnboardingRun.restore(snapshot, run.version + 1);
    tx.remember(savedRunKey(run.organisation), saved);
    return saved;
  }

  private recorded(tx: Transaction, run: OnboardingRun, version: number): OnboardingRun {
    tx.record(run.organisation, run.pullEvents());
    const saved = OnboardingRun.restore(run.snapshot(), version);
    tx.remember(savedRunKey(run.organisation), saved);
    return saved;
  }
}
