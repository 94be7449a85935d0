import { Query } from '@nestjs/cqrs';

export interface TokenView {
  id: string;
  organisation: string | null;
  role: string;
  label: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

export class ListTokens extends Query<{ items: TokenView[] }> {}
