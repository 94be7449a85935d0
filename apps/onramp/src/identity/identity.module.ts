import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CreateTokenController } from './commands/create-token/create-token.controller';
import { CreateTokenHandler } from './commands/create-token/create-token.handler';
import { RevokeTokenController } from './commands/revoke-token/revoke-token.controller';
import { ListTokensController } from './queries/list-tokens/list-tokens.controller';
import { ListTokensHandler } from './queries/list-tokens/list-tokens.handler';
import { ListAccountStatusesHandler } from './queries/list-account-statuses/list-account-statuses.handler';
import { RevokeTokenHandler } from './commands/revoke-token/revoke-token.handler';
import { AuthFailureLimiter } from './auth-failure.limiter';
import { AuthGuard } from './http/auth.guard';
import { TokenService } from './token.service';
import { AccountService } from './accounts.service';
import { SessionService } from './sessions.service';
import { SessionPurge } from './session-purge';
import { AccountsSubscriber } from './events/accounts.subscriber';
import { RequestPasswordResetHandler } from './commands/request-password-reset/request-password-reset.handler';

@Global()
@Module({
  controllers: [CreateTokenController, ListTokensController, RevokeTokenController],
  providers: [
    TokenService,
    AuthFailureLimiter,
    AccountService,
    SessionService,
    SessionPurge,
    AccountsSubscriber,
    RequestPasswordResetHandler,
    CreateTokenHandler,
    RevokeTokenHandler,
    ListTokensHandler,
    ListAccountStatusesHandler,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenService, AuthFailureLimiter, AccountService, SessionService],
})
export class IdentityModule {}
