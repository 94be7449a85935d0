import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

export type AccountLinkPurpose = 'set-password' | 'reset-password';

/** A single-use, expiring link emailed to a person (invitation or password reset); only the sha256 of its secret is stored. */
@Entity({ tableName: 'account_links' })
@Index({ properties: ['userId'] })
export class AccountLinkEntity {
  @PrimaryKey({ type: 'string', length: 64 })
  tokenHash!: string;

  @Property({ type: 'string', length: 36 })
  userId!: string;

  @Property({ type: 'string', length: 20 })
  purpose!: AccountLinkPurpose;

  /** Where the person goes once the password is set (the page an email pointed at). */
  @Property({ type: 'string', length: 500, nullable: true })
  returnTo!: string | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  usedAt!: Date | null;
}
