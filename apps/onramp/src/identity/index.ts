/** The identity context as other contexts may use it. */
export { ApiTokenEntity } from './persistence/api-token.entity';
export { AccessTokenIssued, AccessTokenRevoked } from './domain/token.events';
export { CreateToken, type CreatedToken } from './commands/create-token/create-token.command';
export { IdentityModule } from './identity.module';
export { AccountService, safeReturnTo, type AccountRow } from './accounts.service';
export { SessionService } from './sessions.service';
export { AuthFailureLimiter } from './auth-failure.limiter';
export { accountAccessKey, type AccountAccess } from './events/accounts.subscriber';
export { principalOf } from './domain/principal';
export { RequestPasswordReset } from './commands/request-password-reset/request-password-reset.command';
export { PasswordResetRequested } from './domain/account.events';
export { ListTokens, type TokenView } from './queries/list-tokens/list-tokens.query';
export { ListAccountStatuses, type AccountStatus } from './queries/list-account-statuses/list-account-statuses.query';
export { RevokeToken } from './commands/revoke-token/revoke-token.command';
export { OidcSignIn, OidcSignInError, type PendingSignIn, type SignedInPerson } from './oidc/oidc-sign-in';
export { oidcConfigFromEnv, type OidcConfig } from './oidc/oidc.config';
