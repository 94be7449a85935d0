/** Issuing and revoking access are audited on the organisation's chain (the global chain for national-team tokens). */
export class AccessTokenIssued {
  readonly type = 'AccessTokenIssued';
  constructor(
    readonly tokenId: string,
    readonly organisation: string | null,
    readonly role: string,
    readonly label: string,
    readonly occurredAt: string,
  ) {}
}

export class AccessTokenRevoked {
  readonly type = 'AccessTokenRevoked';
  constructor(
    readonly tokenId: string,
    readonly organisation: string | null,
    readonly role: string,
    readonly label: string,
    readonly occurredAt: string,
  ) {}
}
