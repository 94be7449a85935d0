import { Injectable } from '@nestjs/common';
import { OrganisationRepository } from '../../organisations';
import { UnitOfWork, type Transaction } from '../../platform/database/unit-of-work';
import type { CommandMeta } from '../../shared/domain/roles';
import type { OnboardingRun } from '../domain/onboarding-run';
import { OnboardingRunRepository } from '../persistence/onboarding-run.repository';

/**
 * The shape every run command shares: one transaction, the organisation locked, the run loaded and
 * checked against the version the caller saw, one domain method applied, the run saved.
 */
@Injectable()
export class RunChanges {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
    private readonly runs: OnboardingRunRepository,
  ) {}

  change(ods: string, meta: CommandMeta, apply: (run: OnboardingRun, tx: Transaction) => void | Promise<void>): Promise<OnboardingRun> {
    return this.uow.run(meta, async (tx) => {
      await this.organisations.lock(tx, ods);
      const run = await this.runs.get(tx.em, ods);
      run.checkVersion(meta.expectedVersion);
      await apply(run, tx);
      return this.runs.save(tx, run);
    });
  }
}
