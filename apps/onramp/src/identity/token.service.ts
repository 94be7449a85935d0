import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../shared/config/app-config';
import { UnitOfWork } from '../platform/database/unit-of-work';
import type { Principal } from '../shared/domain/access-policy';
import { ApiTokenEntity } from './persistence/api-token.entity';

const PREFIX = 'onr_';
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
/** 32 random bytes: hashing with sha256 is enough, no slow hash is needed for a secret this long. */
export const newToken = () => `${PREFIX}${randomBytes(32).toString('base64url')}`;

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
   * they still hold a role in the token's organisation (or a global role, for a global token).
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
      member: number | boolean | null;
    }>(
      `select t.id, t.role, t.label, t.organisation, t.user_id, u.name as user_name, u.global_role,
              (select 1 from people p where p.email = u.email and p.organisation = t.organisation and p.removed_at is null limit 1) as member
       from api_tokens t left join users u on u.id = t.user_id
       where t.token_hash = ? and t.revoked_at is null`,
      [digest],
    );
    if (!row) return null;
    if (row.user_id === null) return { actor: { id: row.id, role: row.role, label: row.label }, organisation: row.organisation };
    const stillHolds = row.organisation === null ? row.global_role === row.role : Boolean(row.member);
    if (!stillHolds) return null;
    return { actor: { id: row.user_id, role: row.role, label: `${row.user_name} (token "${row.label}")` }, organisation: row.organisation };
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
