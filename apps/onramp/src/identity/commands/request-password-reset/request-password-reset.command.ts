import { Command } from '@nestjs/cqrs';

/** Emails a single-use password-reset link to the account with this email, if there is one. Returns nothing either way. */
export class RequestPasswordReset extends Command<void> {
  constructor(
    readonly email: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
