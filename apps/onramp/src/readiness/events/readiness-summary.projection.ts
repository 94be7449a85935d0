import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import { OnboardingEvent, savedRunKey, type OnboardingRun } from '../../onboarding';
import { OrganisationRepository, type Organisation } from '../../organisations';
import { sqlOf, type Sql } from '../../platform/database/sql-executor';
import type { Transaction } from '../../platform/database/transaction';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import type { EventMessage } from '../../platform/events/event-message';
import { SUBSCRIBER_ORDER, TransactionalSubscriber, type EventSubscriber } from '../../platform/events/transactional-subscriber';
import { CLOCK, type Clock, toIsoDate } from '../../shared/domain/clock';
import type { Readiness } from '../domain/readiness.calculator';
import type { ReadinessSummaryRow } from '../persistence/readiness-summary.entity';
import { ReadinessService } from '../readiness.service';

const RAG_RANK = { red: 0, amber: 1, green: 2 } as const;

/** Recomputes a run's readiness whenever the run changes, in the same transaction. */
@Injectable()
@TransactionalSubscriber({ order: SUBSCRIBER_ORDER.derivedReadModels, name: 'readiness-summaries' })
export class ReadinessSummaryProjection implements EventSubscriber {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly organisations: OrganisationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.dialect = config.database.kind;
  }

  private readonly dialect: AppConfig['database']['kind'];

  async handle(tx: Transaction, messages: readonly EventMessage[]): Promise<void> {
    const changed = new Set(messages.filter((m) => m.event instanceof OnboardingEvent).map((m) => (m.event as OnboardingEvent).organisation));
    for (const ods of changed) {
      const run = tx.recall<OnboardingRun>(savedRunKey(ods));
      if (!run) throw new Error(`the onboarding run of ${ods} changed but was not saved in this transaction`);
      await this.write(tx.em, run, await this.organisations.inTransaction(tx, ods), tx.sql);
    }
  }

  /** Computes and stores the readiness of one run as of now (also used by the daily refresh and rebuilds). */
  async write(
    em: EntityManager,
    run: OnboardingRun,
    organisation: Pick<Organisation, 'odsCode' | 'name' | 'type'>,
    sql: Sql = sqlOf(em, this.dialect),
  ): Promise<Readiness> {
    const readiness = this.readiness.assess(run, organisation);
    const r = summaryRow(run, organisation, readiness, toIsoDate(this.clock.now()));
    const columns: [string, unknown][] = [
      ['organisation', r.organisation],
      ['run_id', r.runId],
      ['run_version', r.runVersion],
      ['organisation_name', r.organisationName],
      ['organisation_type', r.organisationType],
      ['go_live_date', r.goLiveDate],
      ['score', r.score],
      ['rag', r.rag],
      ['rag_rank', r.ragRank],
      ['gate_go', sql.bool(r.gateGo)],
      ['gate_open', r.gateOpen],
      ['forecast_completion', r.forecastCompletion],
      ['forecast_slack_days', r.forecastSlackDays],
      ['overdue', r.overdue],
      ['overdue_gate', r.overdueGate],
      ['steps_total', r.stepsTotal],
      ['steps_settled', r.stepsSettled],
      ['readiness', sql.json(r.readiness)],
      ['as_of', r.asOf],
    ];
    // One statement on both databases: insert, or replace every column of the organisation's row.
    await sql.execute(
      `insert into readiness_summaries (${columns.map(([c]) => c).join(', ')}) values (${columns.map(() => '?').join(', ')}) on conflict (organisation) do update set ${columns
        .slice(1)
        .map(([c]) => `${c} = excluded.${c}`)
        .join(', ')}`,
      columns.map(([, v]) => v),
    );
    return readiness;
  }
}

export function summaryRow(
  run: Pick<OnboardingRun, 'id' | 'version'>,
  organisation: Pick<Organisation, 'odsCode' | 'name' | 'type'>,
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
