import { randomBytes, randomUUID } from 'node:crypto';
import { sha256 } from './digest';
import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '../platform/database/unit-of-work';
import type { Sql } from '../platform/database/sql-executor';
import { APP_CONFIG, type AppConfig } from '../shared/config/app-config';
import type { Account, Membership } from '../shared/domain/access-policy';
import { CLOCK, type Clock } from '../shared/domain/clock';
import { DomainError } from '../shared/domain/domain-error';
import type { CommandMeta, GlobalAccessRole, OrganisationAccessRole, PersonRole } from '../shared/domain/roles';
import { GlobalRoleChanged } from './domain/account.events';
import { passwordProblem } from './domain/password-policy';
import { commonPasswords, hashPassword, verifyPassword } from './passwords';
import type { AccountLinkPurpose } from './persistence/account-link.entity';
import { SessionService } from './sessions.service';

/** Strongest first: a person holding several roles in one organisation acts with the first they hold. */
export const PRECEDENCE: OrganisationAccessRole[] = ['implementation-lead', 'clinical-lead', 'contributor', 'viewer'];

/** An account's row: what sign-in needs besides the memberships. */
export interface AccountRow {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  globalRole: GlobalAccessRole | null;
}

/** Where a person goes after an emailed link: only a path of this site, never another origin. */
export function safeReturnTo(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 500) return null;
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(value)) return null;
  if (/^\/(sign-in|sign-out|account\/(set|reset)-password)/.test(value)) return null;
  return value;
}

/**
 * People's accounts: one per email. Their organisation roles are the organisations' active
 * `people` rows with the same email; this service reads them as memberships and keeps the
 * single-use links that set or reset a password.
 */
@Injectable()
export class AccountService {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly sessions: SessionService,
  ) {}

  /** Raw SQL outside any transaction (for statements that stand alone, such as ending sessions). */
  sql(): Sql {
    return this.uow.sql();
  }

  async byEmail(email: string): Promise<AccountRow | null> {
    return this.row(this.uow.sql(), 'email = ?', email.trim().toLowerCase());
  }

  async byId(id: string, sql: Sql = this.uow.sql()): Promise<AccountRow | null> {
    return this.row(sql, 'id = ?', id);
  }

  /** The account with its organisations, as a principal carries it. */
  async account(id: string, sql: Sql = this.uow.sql()): Promise<Account | null> {
    const row = await this.byId(id, sql);
    if (!row) return null;
    const people = await sql.query<{ organisation: string; organisation_name: string; access_role: OrganisationAccessRole; role: PersonRole }>(
      `select p.organisation, o.name as organisation_name, p.access_role, p.role from people p join organisations o on o.ods_code = p.organisation
       where p.email = ? and p.removed_at is null order by o.name, p.organisation`,
      [row.email],
    );
    const memberships = new Map<string, Membership>();
    for (const p of people) {
      const m = memberships.get(p.organisation) ?? { organisation: p.organisation, organisationName: p.organisation_name, role: p.access_role, duties: [] };
      if (PRECEDENCE.indexOf(p.access_role) < PRECEDENCE.indexOf(m.role)) m.role = p.access_role;
      if (!m.duties.includes(p.role)) m.duties.push(p.role);
      memberships.set(p.organisation, m);
    }
    return { id: row.id, email: row.email, name: row.name, globalRole: row.globalRole, memberships: [...memberships.values()] };
  }

  /** The account for an email, created (without a password) if there is none; inside the caller's transaction. */
  async ensure(sql: Sql, email: string, name: string): Promise<AccountRow> {
    const normalised = email.trim().toLowerCase();
    const found = await this.row(sql, 'email = ?', normalised);
    if (found) return found;
    const id = randomUUID();
    await sql.execute('insert into users (id, email, name, created_at) values (?, ?, ?, ?)', [id, normalised, name.trim(), sql.instant(this.clock.now())]);
    return { id, email: normalised, name: name.trim(), passwordHash: null, globalRole: null };
  }

  /**
   * Gives a person a global role (national team, or admin), creating their account if needed: for
   * the CLI and the demo, since nobody holds a global role to grant it in the web application first.
   * Audited on the global chain.
   */
  async grantGlobalRole(email: string, name: string, role: GlobalAccessRole | null, meta: CommandMeta): Promise<AccountRow> {
    return this.uow.run(meta, async (tx) => {
      const account = await this.ensure(tx.sql, email, name);
      await tx.sql.execute('update users set global_role = ? where id = ?', [role, account.id]);
      tx.record(null, [new GlobalRoleChanged(account.id, account.email, role, this.clock.now().toISOString())]);
      return { ...account, globalRole: role };
    });
  }

  /** A new single-use link for the account; returns its URL (the only copy of the secret). */
  async issueLink(sql: Sql, userId: string, purpose: AccountLinkPurpose, returnTo: string | null): Promise<string> {
    const secret = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const lifetimeMs = purpose === 'set-password' ? this.config.inviteLinkHours * 3_600_000 : this.config.resetLinkMinutes * 60_000;
    await sql.execute('insert into account_links (token_hash, user_id, purpose, return_to, created_at, expires_at) values (?, ?, ?, ?, ?, ?)', [
      sha256(secret),
      userId,
      purpose,
      safeReturnTo(returnTo),
      sql.instant(now),
      sql.instant(new Date(now.getTime() + lifetimeMs)),
    ]);
    return `${this.config.publicUrl}/account/${purpose}?token=${secret}`;
  }

  /** The sign-in page, coming back to `returnTo` afterwards. */
  signInLink(returnTo: string): string {
    return `${this.config.publicUrl}/sign-in?returnTo=${encodeURIComponent(returnTo)}`;
  }

  /** The account a link belongs to, if the link is unused and unexpired (nothing is changed). */
  async peekLink(secret: string): Promise<{ account: AccountRow; purpose: AccountLinkPurpose } | null> {
    if (!/^[\w-]{43}$/.test(secret)) return null;
    const sql = this.uow.sql();
    const link = await sql.one<{ user_id: string; purpose: AccountLinkPurpose; expires_at: unknown; used_at: unknown }>(
      'select user_id, purpose, expires_at, used_at from account_links where token_hash = ?',
      [sha256(secret)],
    );
    if (!link || link.used_at !== null || sql.readInstant(link.expires_at) <= this.clock.now()) return null;
    const account = await this.byId(link.user_id, sql);
    return account ? { account, purpose: link.purpose } : null;
  }

  /** Whether the password is the account's; takes as long for an unknown account (null) or one without a password. */
  checkPassword(account: AccountRow | null, password: string): Promise<boolean> {
    return verifyPassword(password, account?.passwordHash ?? null);
  }

  /**
   * The key an account's failed sign-ins are counted under: an HMAC of the email under the session
   * secret, so the failure table holds no email, and a guessed address cannot be confirmed from it
   * without the secret.
   */
  failureKey(email: string): string {
    return this.sessions.keyedDigest(`account-failures:${email.trim().toLowerCase()}`);
  }

  /** The password problem in words (policy), or null. */
  passwordProblem(password: string, account: { email: string; name: string }): string | null {
    return passwordProblem(password, { minLength: this.config.passwordMinLength, email: account.email, name: account.name, common: commonPasswords() });
  }

  /**
   * Sets the password through an emailed link: the link is used up, every session of the account
   * ends (signed out everywhere) and the password is stored, all in one transaction. A link used,
   * expired or unknown changes nothing.
   */
  async setPasswordWithLink(secret: string, password: string): Promise<{ userId: string; returnTo: string | null }> {
    const peeked = await this.peekLink(secret);
    if (!peeked) throw linkNotValid();
    const problem = this.passwordProblem(password, peeked.account);
    if (problem) throw new DomainError('ACCOUNT.PASSWORD_REFUSED', 'invalid', problem, { field: 'password' });
    const hash = await hashPassword(password);
    const actor = { id: peeked.account.id, role: 'viewer' as const, label: peeked.account.name };
    return this.uow.run({ actor, correlationId: randomUUID() }, async (tx) => {
      const now = this.clock.now();
      const used = await tx.sql.execute('update account_links set used_at = ? where token_hash = ? and used_at is null and expires_at > ?', [
        tx.sql.instant(now),
        sha256(secret),
        tx.sql.instant(now),
      ]);
      if (used !== 1) throw linkNotValid();
      const link = await tx.sql.one<{ return_to: string | null }>('select return_to from account_links where token_hash = ?', [sha256(secret)]);
      await this.storePassword(tx.sql, peeked.account.id, hash);
      return { userId: peeked.account.id, returnTo: link?.return_to ?? null };
    });
  }

  /** Changes the password of a signed-in person and signs them out everywhere (the caller starts a new session). */
  async changePassword(userId: string, password: string): Promise<void> {
    const account = await this.byId(userId);
    if (!account) throw linkNotValid();
    const problem = this.passwordProblem(password, account);
    if (problem) throw new DomainError('ACCOUNT.PASSWORD_REFUSED', 'invalid', problem, { field: 'password' });
    const hash = await hashPassword(password);
    await this.uow.run({ actor: { id: userId, role: 'viewer', label: account.name }, correlationId: randomUUID() }, (tx) =>
      this.storePassword(tx.sql, userId, hash),
    );
  }

  /** Ends every session of the account: "sign out everywhere". */
  async endSessions(sql: Sql, userId: string): Promise<void> {
    await sql.execute('delete from sessions where user_id = ?', [userId]);
  }

  private async storePassword(sql: Sql, userId: string, hash: string) {
    await sql.execute('update users set password_hash = ?, password_set_at = ? where id = ?', [hash, sql.instant(this.clock.now()), userId]);
    await this.endSessions(sql, userId);
    // Other links to set or reset this password are spent too.
    await sql.execute('update account_links set used_at = ? where user_id = ? and used_at is null', [sql.instant(this.clock.now()), userId]);
  }

  private async row(sql: Sql, where: string, value: string): Promise<AccountRow | null> {
    const r = await sql.one<{ id: string; email: string; name: string; password_hash: string | null; global_role: GlobalAccessRole | null }>(
      `select id, email, name, password_hash, global_role from users where ${where}`,
      [value],
    );
    return r ? { id: r.id, email: r.email, name: r.name, passwordHash: r.password_hash, globalRole: r.global_role } : null;
  }
}

const linkNotValid = () =>
  new DomainError('ACCOUNT.LINK_NOT_VALID', 'not-found', 'This link has expired or has already been used. Ask for a new one from the sign-in page.');
