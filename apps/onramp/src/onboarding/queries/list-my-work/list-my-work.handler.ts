import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import type { StepStatus } from '../../../shared/domain/step-status';
import { ListMyWork, type MyWorkItem, type MyWorkReason } from './list-my-work.query';

const UNSETTLED: StepStatus[] = ['not-started', 'in-progress', 'awaiting-sign-off'];

interface Row {
  organisation: string;
  organisation_name: string;
  step_id: string;
  title: string;
  status: StepStatus;
  due_date: string;
  gate: boolean | number;
  step_position: number;
  sign_off_role: string | null;
  mine: number | boolean;
}

/**
 * One statement over the `onboarding_steps` read model, a `union all` of two disjoint branches,
 * each served by an index of the Footing migration (Migration20261201Footing), so no new index is
 * needed:
 *  - assigned to the person: their people rows by `people_email_index`, then each row's steps by
 *    `onboarding_steps_assignee_id_due_date_index`;
 *  - owned by their duties and unassigned, or awaiting the sign-off their role gives, in each of
 *    their organisations: an index leading with `organisation`, so at most one checklist's rows
 *    per organisation are read (PostgreSQL takes `onboarding_steps_organisation_status_index`,
 *    organisation = ? and status in the unsettled statuses; SQLite, without statistics, takes
 *    `onboarding_steps_organisation_due_date_index`, organisation = ?).
 * A single `where … or …` was tried first: PostgreSQL turns `assignee_id in (select …)` inside an
 * `or` into a hashed subplan filter and then reads the whole index. The branches of the union each
 * keep their index; test/e2e/list-my-work.e2e-spec.ts checks the plans on both databases.
 */
@QueryHandler(ListMyWork)
export class ListMyWorkHandler implements IQueryHandler<ListMyWork> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(q: ListMyWork): Promise<{ items: MyWorkItem[]; truncated: boolean }> {
    const sql = this.uow.sql();
    const { text, params } = listMyWorkSql(q, sql.bool.bind(sql));
    const rows = await sql.query<Row>(text, params);
    const truncated = rows.length > q.limit;
    const byOrganisation = new Map(q.memberships.map((m) => [m.organisation, m]));
    const items = rows.slice(0, q.limit).map((r): MyWorkItem => {
      const membership = byOrganisation.get(r.organisation);
      const reason: MyWorkReason = Number(r.mine)
        ? 'assigned'
        : r.status === 'awaiting-sign-off' && r.sign_off_role === membership?.role
          ? 'sign-off'
          : 'owner';
      return {
        organisation: r.organisation,
        organisationName: r.organisation_name,
        stepId: r.step_id,
        title: r.title,
        status: r.status,
        dueDate: r.due_date,
        gate: Boolean(Number(r.gate)),
        reason,
      };
    });
    return { items, truncated };
  }
}

/** The statement and its parameters (exported for the spec that checks its query plans). */
export function listMyWorkSql(q: ListMyWork, bool: (b: boolean) => boolean | number): { text: string; params: unknown[] } {
  const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  const columns = 's.organisation, o.name as organisation_name, s.step_id, s.title, s.status, s.due_date, s.gate, s.sign_off_role, s.position as step_position';
  const params: unknown[] = [q.email, bool(false)];
  // Assigned to one of the person's people rows: people_email_index, then the assignee index per row.
  let text = `select * from (select ${columns}, 1 as mine from onboarding_steps s join people p on p.id = s.assignee_id join organisations o on o.ods_code = s.organisation
    where p.email = ? and p.removed_at is null and s.settled = ?`;
  const arms: string[] = [];
  for (const m of q.memberships) {
    const owned = m.duties.length ? `(s.assignee_id is null and s.owner_role in (${marks(m.duties.length)})) or ` : '';
    arms.push(`(s.organisation = ? and s.status in (${marks(UNSETTLED.length)}) and (${owned}(s.status = ? and s.sign_off_role = ?)))`);
    params.push(m.organisation, ...UNSETTLED, ...m.duties, 'awaiting-sign-off', m.role);
  }
  // Owned or awaiting their sign-off, one organisation at a time, leaving out what the first branch already has.
  if (arms.length) {
    text += `
    union all
    select ${columns}, 0 as mine from onboarding_steps s join organisations o on o.ods_code = s.organisation
    where (${arms.join(' or ')})
      and (s.assignee_id is null or s.assignee_id not in (select p.id from people p where p.email = ? and p.removed_at is null))`;
    params.push(q.email);
  }
  text += `) mine
    order by mine.due_date, mine.organisation_name, mine.organisation, mine.step_position
    limit ?`;
  return { text, params: [...params, q.limit + 1] };
}
