import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import { OnboardingEvent, savedRunKey, type OnboardingRun } from '../../onboarding';
import { OrganisationEntity } from '../../organisations';
import type { Transaction } from '../../platform/database/transaction';
import type { EventMessage } from '../../platform/events/event-message';
import { SUBSCRIBER_ORDER, TransactionalSubscriber, type EventSubscriber } from '../../platform/events/transactional-subscriber';
import { CLOCK, type Clock, toIsoDate } from '../../shared/domain/clock';
import type { Readiness } from '../domain/readiness.calculator';
import { ReadinessSummaryRow } from '../persistence/readiness-summary.entity';
import { ReadinessService } from '../readiness.service';

const RAG_RANK = { red: 0, amber: 1, green: 2 } as const;

/** Recomputes a run's readiness whenever the run changes, in the same transaction. */
@Injectable()
@TransactionalSubscriber({ order: SUBSCRIBER_ORDER.derivedReadModels, name: 'readiness-summaries' })
export class ReadinessSummaryProjection implements EventSubscriber {
  constructor(
    private readonly readiness: ReadinessService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(tx: Transaction, messages: readonly EventMessage[]): Promise<void> {
    const changed = new Set(messages.filter((m) => m.event instanceof OnboardingEvent).map((m) => (m.event as OnboardingEvent).organisation));
    for (const ods of changed) {
      const run = tx.recall<OnboardingRun>(savedRunKey(ods));
      if (!run) throw new Error(`the onboarding run of ${ods} changed but was not saved in this transaction`);
      const organisation = await tx.em.findOneOrFail(OrganisationEntity, { odsCode: ods });
      await this.write(tx.em, run, organisation);
    }
  }

  /** Computes and stores the readiness of one run as of now (also used by the daily refresh and rebuilds). */
  async write(em: EntityManager, run: OnboardingRun, organisation: Pick<OrganisationEntity, 'odsCode' | 'name' | 'type'>): Promise<Readiness> {
    const readiness = this.readiness.assess(run, organisation);
    const row = summaryRow(run, organisation, readiness, toIsoDate(this.clock.now()));
    await em.upsert(ReadinessSummaryRow, row);
    return readiness;
  }
}

export function summaryRow(
  run: Pick<OnboardingRun, 'id' | 'version'>,
  organisation: Pick<OrganisationEntity, 'odsCode' | 'name' | 'type'>,
  r: Readiness,
  asOf: string,
): ReadinessSummaryRow {
  return {
    organisation: organisation.odsCode,
    runId: run.id,
    runVersion: run.version,
    organisationName: organisation.name,
    organisationType: organisation.type,
    goLiveDate: r.goLiveDate,
    score: r.score,
    rag: r.rag.status,
    ragRank: RAG_RANK[r.rag.status],
    gateGo: r.gate.go,
    gateOpen: r.gate.missing.length,
    forecastCompletion: r.forecast.completionDate,
    forecastSlackDays: r.forecast.daysAfterGoLive === null ? null : -r.forecast.daysAfterGoLive,
    overdue: r.counts.overdue,
    overdueGate: r.gate.missing.filter((m) => m.overdue).length,
    stepsTotal: r.counts.total,
    stepsSettled: r.counts.done + r.counts.waived,
    readiness: r,
    asOf,
  };
}
