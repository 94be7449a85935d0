import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../shared/config/app-config';
import { UnitOfWork } from '../platform/database/unit-of-work';
import type { Principal } from '../shared/domain/access-policy';
import type { OrganisationAccessRole } from '../shared/domain/roles';
import { PRECEDENCE } from './accounts.service';
import { sha256 } from './digest';
import { ApiTokenEntity } from './persistence/api-token.entity';

const PREFIX = 'onr_';
export const hashToken = sha256;
/** 32 random bytes: hashing with sha256 is enough, no slow hash is needed for a secret this long. */
export const newToken = () => `${PREFIX}${randomBytes(32).toString('base64url')}`;

/** A people row's access role ranked as memberships rank them (PRECEDENCE, strongest first). */
const RANK = `case p.access_role ${PRECEDENCE.map((role, i) => `when '${role}' then ${i}`).join(' ')} else ${PRECEDENCE.length} end`;
/** The strongest access role the token's person holds in its organisation now (null: none). */
const STRONGEST_ROLE_NOW = `(select p.access_role from people p where p.email = u.email and p.organisation = t.organisation and p.removed_at is null order by ${RANK} limit 1)`;

/** Resolves bearer tokens to principals. Only sha256 digests are stored or compared. */
@Injectable()
export class TokenService {
  private readonly adminHash: Buffer | null;

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.adminHash = config.adminToken ? Buffer.from(hashToken(config.adminToken), 'hex') : null;
  }

  /**
   * The principal a token acts as. An integration's token acts under its label; a personal access
   * token acts as its person (so the audit trail names them and four eyes applies), and only while
   * they still hold a role in the token's organisation (or a global role, for a global token), with
   * the weaker of the role it was made with and the strongest they hold there now: a person whose
   * lead role is removed, keeping a contributor's, has a contributor's token from that moment.
   */
  async authenticate(token: string): Promise<Principal | null> {
    if (token.length < 16 || token.length > 200) return null;
    const digest = hashToken(token);
    if (this.adminHash && timingSafeEqual(this.adminHash, Buffer.from(digest, 'hex'))) {
      return { actor: { id: 'admin', role: 'admin', label: 'bootstrap admin' }, organisation: null };
    }
    // Every request passes here: one indexed statement, no entity bookkeeping.
    const row = await this.uow.sql().one<{
      id: string;
      role: ApiTokenEntity['role'];
      label: string;
      organisation: string | null;
      user_id: string | null;
      user_name: string | null;
      global_role: string | null;
      member_role: OrganisationAccessRole | null;
    }>(
      `select t.id, t.role, t.label, t.organisation, t.user_id, u.name as user_name, u.global_role, ${STRONGEST_ROLE_NOW} as member_role
       from api_tokens t left join users u on u.id = t.user_id
       where t.token_hash = ? and t.revoked_at is null`,
      [digest],
    );
    if (!row) return null;
    if (row.user_id === null) return { actor: { id: row.id, role: row.role, label: row.label }, organisation: row.organisation };
    const label = `${row.user_name} (token "${row.label}")`;
    if (row.organisation === null) return row.global_role === row.role ? { actor: { id: row.user_id, role: row.role, label }, organisation: null } : null;
    if (row.member_role === null) return null;
    const role = weaker(row.role as OrganisationAccessRole, row.member_role);
    return { actor: { id: row.user_id, role, label }, organisation: row.organisation };
  }

  /** Creates a token row in the caller's transaction and returns the only copy of the secret. */
  issue(
    em: import('@mikro-orm/core').EntityManager,
    args: { organisation: string | null; role: ApiTokenEntity['role']; label: string; createdBy: string; userId?: string | null },
  ) {
    const token = newToken();
    const row = em.create(ApiTokenEntity, {
      id: randomUUID(),
      tokenHash: hashToken(token),
      organisation: args.organisation,
      role: args.role,
      label: args.label,
      createdBy: args.createdBy,
      userId: args.userId ?? null,
    });
    em.persist(row);
    return { token, row };
  }
}

/** The weaker of two organisation roles (an unknown role ranks below viewer, so it never strengthens a token). */
function weaker(a: OrganisationAccessRole, b: OrganisationAccessRole): OrganisationAccessRole {
  const rank = (r: OrganisationAccessRole) => (PRECEDENCE.includes(r) ? PRECEDENCE.indexOf(r) : PRECEDENCE.length);
  return rank(a) >= rank(b) ? a : b;
}
