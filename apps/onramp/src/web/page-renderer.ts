import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import type {} from '@fastify/helmet';
import { SessionService } from '../identity';
import { WEB_VIEWS } from './web.tokens';
import type { WebViews } from '../platform/rendering/web-views';
import type { Account } from '../shared/domain/access-policy';

/** A form field's problem, as the error summary and the field show it. */
export interface FieldError {
  field: string;
  message: string;
}

export interface PageOptions {
  title: string;
  status?: number;
  errors?: FieldError[];
  /** Who is signed in, where request.principal does not say (an error raised before the guard set it); default: the principal's account. */
  account?: Account | null;
}

/**
 * Renders a page inside the layout with what every page needs: the signed-in person and their
 * navigation, the CSRF token for its forms (bound to the session, or for a visitor to a form
 * cookie set here) and the CSP nonce of its one script. Pages are never cached.
 */
@Injectable()
export class PageRenderer {
  constructor(
    @Inject(WEB_VIEWS) private readonly views: WebViews,
    private readonly sessions: SessionService,
  ) {}

  send(request: FastifyRequest, reply: FastifyReply, view: string, data: object, options: PageOptions): void {
    const account = options.account !== undefined ? options.account : (request.principal?.account ?? null);
    const errors = options.errors ?? [];
    const html = this.views.render(
      view,
      { ...data, errors },
      {
        title: options.title,
        hasErrors: errors.length > 0,
        nonce: reply.cspNonce?.script ?? '',
        user: account ? { name: account.name, email: account.email } : null,
        navigation: navigationFor(account, request.url),
        csrfToken: this.csrfToken(request, reply),
      },
    );
    void reply
      .status(options.status ?? 200)
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .send(html);
  }

  /** 303 See Other: after a form, the browser loads the next page with GET (no resubmission on reload). */
  redirect(reply: FastifyReply, to: string): void {
    void reply.status(303).header('Location', to).header('Cache-Control', 'no-store').send();
  }

  private csrfToken(request: FastifyRequest, reply: FastifyReply): string {
    if (request.sessionId) return this.sessions.csrfToken(request.sessionId);
    let visitor = request.cookies?.[this.sessions.csrfCookieName];
    if (!visitor || !/^[\w-]{32}$/.test(visitor)) {
      visitor = randomBytes(24).toString('base64url');
      void reply.setCookie(this.sessions.csrfCookieName, visitor, this.sessions.cookieOptions());
    }
    return this.sessions.csrfToken(visitor);
  }
}

/** The header's links: what this person can reach, with the current section marked. */
export function navigationFor(account: Account | null, url: string): { href: string; label: string; current: boolean }[] {
  if (!account) return [];
  const path = url.split('?')[0];
  const items: { href: string; label: string }[] = [{ href: '/my-work', label: 'My work' }];
  if (account.memberships.length === 1) items.push({ href: `/organisations/${account.memberships[0].organisation}`, label: 'My organisation' });
  else if (account.memberships.length > 1) items.push({ href: '/organisations', label: 'My organisations' });
  if (account.globalRole) items.push({ href: '/portfolio', label: 'National portfolio' });
  if (account.globalRole === 'admin') items.push({ href: '/admin', label: 'Admin' });
  return items.map((i) => ({ ...i, current: path === i.href || path.startsWith(`${i.href}/`) }));
}
