import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { ListAccountStatuses, type AccountStatus } from './list-account-statuses.query';

/** Emails per statement: well under SQLite's and PostgreSQL's limits on bound parameters. */
const CHUNK = 500;

@QueryHandler(ListAccountStatuses)
export class ListAccountStatusesHandler implements IQueryHandler<ListAccountStatuses> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(q: ListAccountStatuses): Promise<Map<string, AccountStatus>> {
    const emails = [...new Set(q.emails.map((e) => e.trim().toLowerCase()))];
    const statuses = new Map<string, AccountStatus>(emails.map((e) => [e, 'none']));
    const sql = this.uow.sql();
    for (let i = 0; i < emails.length; i += CHUNK) {
      const chunk = emails.slice(i, i + CHUNK);
      // A password set, or a session open now (single sign-on people have no password).
      const rows = await sql.query<{ email: string; active: unknown }>(
        `select u.email, case when u.password_hash is not null or exists (select 1 from sessions s where s.user_id = u.id) then 1 else 0 end as active
         from users u where u.email in (${chunk.map(() => '?').join(', ')})`,
        chunk,
      );
      for (const r of rows) statuses.set(r.email, Number(r.active) === 1 ? 'active' : 'invited');
    }
    return statuses;
  }
}
