/** The identity context as other contexts may use it. */
export { ApiTokenEntity } from './persistence/api-token.entity';
export { AccessTokenIssued, AccessTokenRevoked } from './domain/token.events';
export { CreateToken, type CreatedToken } from './commands/create-token/create-token.command';
export { IdentityModule } from './identity.module';
