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

  async authenticate(token: string): Promise<Principal | null> {
    if (token.length < 16 || token.length > 200) return null;
    const digest = hashToken(token);
    if (this.adminHash && timingSafeEqual(this.adminHash, Buffer.from(digest, 'hex'))) {
      return { actor: { id: 'admin', role: 'admin', label: 'bootstrap admin' }, organisation: null };
    }
    // Every request passes here: one indexed statement, no entity bookkeeping.
    const row = await this.uow
      .sql()
      .one<{ id: string; role: ApiTokenEntity['role']; label: string; organisation: string | null }>(
        'select id, role, label, organisation from api_tokens where token_hash = ? and revoked_at is null',
        [digest],
      );
    if (!row) return null;
    return { actor: { id: row.id, role: row.role, label: row.label }, organisation: row.organisation };
  }

  /** Creates a token row in the caller's transaction and returns the only copy of the secret. */
  issue(em: import('@mikro-orm/core').EntityManager, args: { organisation: string | null; role: ApiTokenEntity['role']; label: string; createdBy: string }) {
    const token = newToken();
    const row = em.create(ApiTokenEntity, {
      id: randomUUID(),
      tokenHash: hashToken(token),
      organisation: args.organisation,
      role: args.role,
      label: args.label,
      createdBy: args.createdBy,
    });
    em.persist(row);
    return { token, row };
  }
}
