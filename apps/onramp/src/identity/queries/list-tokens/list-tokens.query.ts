import { Query } from '@nestjs/cqrs';

export interface TokenView {
  id: string;
  organisation: string | null;
  role: string;
  label: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  /** The person a personal access token belongs to; null for an integration's token. */
  userId: string | null;
}

/** Every token (admins), or one person's personal access tokens. */
export class ListTokens extends Query<{ items: TokenView[] }> {
  constructor(readonly ownedBy: { userId: string } | 'all' = 'all') {
    super();
  }
}
