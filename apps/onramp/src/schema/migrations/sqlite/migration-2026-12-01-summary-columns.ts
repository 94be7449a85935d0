import { Migration } from '@mikro-orm/migrations';

const COLUMNS =
  '`organisation`, `run_id`, `run_version`, `organisation_name`, `organisation_type`, `go_live_date`, `score`, `rag`, `rag_rank`, `gate_go`, `gate_open`, `forecast_completion`, `forecast_slack_days`, `overdue`, `overdue_gate`, `steps_total`, `steps_settled`, `as_of`, `readiness`';

/**
 * The portfolio reads every summary's small columns, `as_of` among them. SQLite keeps a row's
 * columns in order and a long value spills onto overflow pages, so with `as_of` after the
 * `readiness` document every row's document was read just to reach it: the portfolio query of
 * 10,000 organisations took ~47 ms instead of ~14. The table is rebuilt with the document last.
 * (PostgreSQL stores long values out of line; its table is left as it is.)
 */
export class Migration20261201SummaryColumns extends Migration {
  override up(): void {
    this.addSql(
      'create table `readiness_summaries_reordered` (`organisation` text not null primary key references `organisations` (`ods_code`), `run_id` text not null, `run_version` integer not null, `organisation_name` text not null, `organisation_type` text not null, `go_live_date` text not null, `score` integer not null, `rag` text not null, `rag_rank` integer not null, `gate_go` integer not null, `gate_open` integer not null, `forecast_completion` text null, `forecast_slack_days` integer null, `overdue` integer not null, `overdue_gate` integer not null, `steps_total` integer not null, `steps_settled` integer not null, `as_of` text not null, `readiness` json not null);',
    );
    this.addSql(`insert into \`readiness_summaries_reordered\` (${COLUMNS}) select ${COLUMNS} from \`readiness_summaries\`;`);
    this.addSql('drop table `readiness_summaries`;');
    this.addSql('alter table `readiness_summaries_reordered` rename to `readiness_summaries`;');
    this.addSql('create index `readiness_summaries_as_of_index` on `readiness_summaries` (`as_of`);');
    this.addSql('create index `readiness_summaries_organisation_name_index` on `readiness_summaries` (`organisation_name`);');
    this.addSql('create index `readiness_summaries_forecast_slack_days_index` on `readiness_summaries` (`forecast_slack_days`);');
    this.addSql('create index `readiness_summaries_rag_rank_forecast_slack_days_index` on `readiness_summaries` (`rag_rank`, `forecast_slack_days`);');
  }
}
