import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AccountService, SessionService } from '../identity';
import { LOGGER } from '../platform/logging/logger';
import type { ClassifiedError, PageErrorRenderer } from '../platform/http/page-errors';
import type { Account } from '../shared/domain/access-policy';
import { PageRenderer } from './page-renderer';

const HEADINGS: Record<number, string> = {
  400: 'There is a problem with what was sent',
  403: 'You cannot do this',
  404: 'Page not found',
  409: 'This could not be done',
  410: 'This link no longer works',
  413: 'What was sent is too large',
  415: 'There is a problem with what was sent',
  422: 'This could not be done',
  429: 'Too many attempts',
  503: 'Sorry, this is not available at the moment',
};

/**
 * Errors on pages, in words: a page that needs a signed-in person sends them to sign in and back;
 * another organisation's page is "Page not found", exactly like a page that does not exist; the
 * rest get a page that says what happened and what to do, with the correlation id to quote.
 */
@Injectable()
export class PageErrorsRenderer implements PageErrorRenderer {
  constructor(
    private readonly pages: PageRenderer,
    private readonly sessions: SessionService,
    private readonly accounts: AccountService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async render(request: FastifyRequest, reply: FastifyReply, error: ClassifiedError): Promise<void> {
    if (error.status === 401) {
      const back = request.method === 'GET' ? `?returnTo=${encodeURIComponent(request.url)}` : '';
      return this.pages.redirect(reply, `/sign-in${back}`);
    }
    const account = request.principal?.account ?? (await this.signedIn(request));
    const notFound = error.status === 404;
    const detail = notFound
      ? 'If you typed the web address, check it is correct. If you followed a link, you may not have access to this organisation.'
      : error.status >= 500
        ? 'Sorry, there is a problem with the service. Try again later.'
        : (PLAIN[error.code] ?? capitalise(error.detail));
    try {
      this.pages.send(
        request,
        reply,
        'error',
        {
          heading: HEADINGS[error.status] ?? (error.status >= 500 ? 'Sorry, there is a problem with the service' : 'This could not be done'),
          detail,
          status: error.status,
          correlationId: String(request.id),
        },
        { title: HEADINGS[error.status] ?? 'Error', status: error.status, account },
      );
    } catch (e) {
      this.logger.error({ err: e, correlationId: request.id }, 'the error page could not be rendered');
      void reply
        .status(error.status)
        .header('Content-Type', 'text/plain; charset=utf-8')
        .send(`${detail}\n\nReference: ${String(request.id)}\n`);
    }
  }

  /**
   * The person signed in, for an error raised before the guard named them: an address no route
   * answers, or another organisation's page (refused before the principal is set). Their header
   * still shows their name, navigation and sign-out, so "Page not found" does not look like being
   * signed out. A lookup that fails leaves the page signed out rather than failing it.
   */
  private async signedIn(request: FastifyRequest): Promise<Account | null> {
    try {
      const session = await this.sessions.resolve(request.cookies?.[this.sessions.cookieName]);
      const account = session ? await this.accounts.account(session.userId) : null;
      // The header's sign-out form then carries the session's CSRF token, as on every other page.
      if (session && account) request.sessionId = session.id;
      return account;
    } catch (e) {
      this.logger.warn({ err: e, correlationId: request.id }, 'the signed-in person of an error page could not be found');
      return null;
    }
  }
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Refusals whose API wording names role codes or permissions: said in plain words on a page. */
const PLAIN: Record<string, string> = {
  'AUTH.ROLE_NOT_PERMITTED':
    "Your role does not allow this. If you need to do it, ask your organisation's implementation lead (or an Onramp administrator) to change your role.",
  'AUTH.NO_POLICY': 'This page is not available.',
};
