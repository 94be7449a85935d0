import { Inject, Injectable } from '@nestjs/common';
import { isSettled, OnboardingRunRepository, OnboardingStepRow } from '../../onboarding';
import { OrganisationRepository } from '../../organisations';
import { sqlEm } from '../../platform/database/sql-entity-manager';
import { UnitOfWork } from '../../platform/database/unit-of-work';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { addDays, daysBetween, toIsoDate } from '../../shared/domain/clock';
import { systemMeta } from '../../shared/domain/roles';
import type { StepDueSoonModel, StepOverdueModel } from '../../platform/rendering/template-models';
import { organisationRef, recipientOf, stepCard, stepRecipients } from '../mail/email-models';
import { Outbox } from '../mail/outbox';

/**
 * The daily scan: a due-soon reminder when a step's due date is within `dueSoonDays`, and an
 * overdue notice once it has passed. One of each per step and due date (the occurrence): scanning
 * again queues nothing new, and moving the go-live date gives new due dates and so new reminders.
 * The scan is one unit of work per organisation, so one organisation's failure holds up no other.
 */
@Injectable()
export class ReminderScan {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly runs: OnboardingRunRepository,
    private readonly organisations: OrganisationRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Organisations with an unsettled step due within the reminder window (from the step read model). */
  async organisationsToScan(now: Date): Promise<string[]> {
    const horizon = addDays(toIsoDate(now), this.config.dueSoonDays);
    const rows = await sqlEm(this.uow.reader())
      .createQueryBuilder(OnboardingStepRow)
      .select('organisation', true)
      .where({ settled: false, dueDate: { $lte: horizon } })
      .orderBy({ organisation: 'asc' })
      .execute<{ organisation: string }[]>('all');
    return rows.map((r) => r.organisation);
  }

  /** Scans every organisation in turn (the CLI, and SQLite without a job queue). */
  async run(now: Date): Promise<{ queued: number; organisations: number }> {
    const organisations = await this.organisationsToScan(now);
    let queued = 0;
    for (const ods of organisations) queued += await this.scanOrganisation(ods, now);
    return { queued, organisations: organisations.length };
  }

  /** Queues the reminders one organisation needs today; returns how many were new. */
  async scanOrganisation(ods: string, now: Date): Promise<number> {
    const today = toIsoDate(now);
    return this.uow.run(systemMeta('reminder-scan', `reminder-scan:${today}:${ods}`), async (tx) => {
      const run = await this.runs.find(tx.em, ods);
      if (!run) return 0;
      const organisation = await this.organisations.inTransaction(tx, ods);
      const people = await this.organisations.people(tx.em, ods);
      let count = 0;
      for (const d of run.definitions) {
        const { state, dueDate } = run.step(d.id);
        if (isSettled(state.status)) continue;
        const daysLeft = daysBetween(today, dueDate);
        const overdue = daysLeft < 0;
        if (!overdue && daysLeft > this.config.dueSoonDays) continue;
        for (const person of stepRecipients(run, d.id, people)) {
          const base = { recipient: recipientOf(person), organisation: organisationRef(organisation), step: stepCard(run, d.id, this.config.publicUrl), today };
          const queuedOne = await this.outbox.enqueue(tx.em, {
            identity: {
              recipient: person.email,
              purpose: overdue ? 'step-overdue' : 'step-due-soon',
              subjectEntity: `${run.id}/${d.id}`,
              occurrence: `due:${dueDate}`,
            },
            recipientName: person.name,
            organisation: organisation.odsCode,
            template: overdue ? 'step-overdue' : 'step-due-soon',
            data: overdue ? ({ ...base, daysOverdue: -daysLeft } satisfies StepOverdueModel) : ({ ...base, daysLeft } satisfies StepDueSoonModel),
          });
          if (queuedOne) count++;
        }
      }
      return count;
    });
  }
}
