import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Readiness } from '../domain/readiness.calculator';

/**
 * Read model: the readiness of each run as of `asOf` (a day), written in the command's
 * transaction and refreshed daily, since overdue steps and forecasts move with the calendar.
 * Indexed for the national portfolio: paged and sorted by RAG, forecast slack or name.
 */
@Entity({ tableName: 'readiness_summaries' })
@Index({ properties: ['ragRank', 'forecastSlackDays'] })
@Index({ properties: ['forecastSlackDays'] })
@Index({ properties: ['organisationName'] })
@Index({ properties: ['asOf'] })
export class ReadinessSummaryRow {
  @PrimaryKey({ type: 'string', length: 9 })
  organisation!: string;

  @Property({ type: 'string', length: 36 })
  runId!: string;

  /** The run version the summary was computed from. */
  @Property({ type: 'integer' })
  runVersion!: number;

  @Property({ type: 'string', length: 200 })
  organisationName!: string;

  @Property({ type: 'string', length: 32 })
  organisationType!: string;

  @Property({ type: 'string', length: 10 })
  goLiveDate!: string;

  @Property({ type: 'integer' })
  score!: number;

  @Property({ type: 'string', length: 5 })
  rag!: string;

  /** 0 red, 1 amber, 2 green: sorts worst first. */
  @Property({ type: 'integer' })
  ragRank!: number;

  @Property({ type: 'boolean' })
  gateGo!: boolean;

  @Property({ type: 'integer' })
  gateOpen!: number;

  @Property({ type: 'string', length: 10, nullable: true })
  forecastCompletion!: string | null;

  /** Days between the forecast completion and go-live (positive: finishes before go-live); null without a forecast. */
  @Property({ type: 'integer', nullable: true })
  forecastSlackDays!: number | null;

  @Property({ type: 'integer' })
  overdue!: number;

  /** Overdue go-live gate steps. */
  @Property({ type: 'integer' })
  overdueGate!: number;

  @Property({ type: 'integer' })
  stepsTotal!: number;

  @Property({ type: 'integer' })
  stepsSettled!: number;

  /** The day (YYYY-MM-DD) the date-dependent values were computed for. */
  @Property({ type: 'string', length: 10 })
  asOf!: string;

  /** The whole readiness as computed, so a read needs no recomputation. Last: on SQLite a long value read past slows every read of the columns after it. */
  @Property({ type: 'json' })
  readiness!: Readiness;
}
