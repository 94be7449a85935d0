import { Inject, Injectable } from '@nestjs/common';
import { isSettled, OnboardingRun } from '../../onboarding/domain/onboarding-run';
import { OnboardingRunEntity } from '../../onboarding/persistence/onboarding-run.entity';
import { OrganisationEntity } from '../../organisations/persistence/organisation.entity';
import { PersonEntity } from '../../organisations/persistence/person.entity';
import { UnitOfWork } from '../../platform/database/unit-of-work';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { daysBetween, toIsoDate } from '../../shared/domain/clock';
import type { StepDueSoonModel, StepOverdueModel } from '../templates/template-models';
import { organisationRef, recipientOf, stepCard, stepRecipients } from '../mail/email-models';
import { Outbox } from '../mail/outbox';

/**
 * The daily scan: a due-soon reminder when a step's due date is within `dueSoonDays`, and an
 * overdue notice once it has passed. One of each per step and due date (the occurrence): scanning
 * again queues nothing new, and moving the go-live date gives new due dates and so new reminders.
 */
@Injectable()
export class ReminderScan {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(now: Date): Promise<{ queued: number; organisations: number }> {
    const today = toIsoDate(now);
    const runs = await this.uow.reader().find(OnboardingRunEntity, {}, { orderBy: { organisation: 'asc' } });
    let queued = 0;
    for (const row of runs) {
      // One transaction per organisation: a problem with one does not hold up the others.
      queued += await this.uow.run(async (em) => {
        const organisation = await em.findOneOrFail(OrganisationEntity, { odsCode: row.organisation });
        const people = await em.find(PersonEntity, { organisation: row.organisation });
        const run = OnboardingRun.restore(row.state, row.version);
        let count = 0;
        for (const d of run.definitions) {
          const { state, dueDate } = run.step(d.id);
          if (isSettled(state.status)) continue;
          const daysLeft = daysBetween(today, dueDate);
          const overdue = daysLeft < 0;
          if (!overdue && daysLeft > this.config.dueSoonDays) continue;
          for (const person of stepRecipients(run, d.id, people)) {
            const base = {
              recipient: recipientOf(person),
              organisation: organisationRef(organisation),
              step: stepCard(run, d.id, this.config.publicUrl),
              today,
            };
            const queuedOne = await this.outbox.enqueue(em, {
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
    return { queued, organisations: runs.length };
  }
}
