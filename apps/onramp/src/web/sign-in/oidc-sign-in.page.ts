import { Controller, Get, Inject, Injectable, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import {
  AccountService,
  OidcSignIn,
  OidcSignInError,
  oidcConfigFromEnv,
  safeReturnTo,
  SessionService,
  type OidcConfig,
  type PendingSignIn,
} from '../../identity';
import { LOGGER } from '../../platform/logging/logger';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { CLOCK, type Clock } from '../../shared/domain/clock';
import { Public } from '../../shared/http/access.decorators';
import { PageRenderer } from '../page-renderer';

/** How long a sign-in may spend at the provider before its state is forgotten. */
const PENDING_SECONDS = 600;
/** The pending sign-in's cookie goes only to these pages, never to the rest of the site. */
const PENDING_PATH = '/sign-in/oidc';

interface Pending extends PendingSignIn {
  returnTo: string | null;
  /** When it began (epoch ms): the cookie's Max-Age is the browser's to honour, so the sealed value carries its own age too. */
  startedAt: number;
}

/**
 * Sign in with OpenID Connect (authorization code + PKCE; NHS CIS2 compatible, see
 * docs/sign-in-with-oidc.md). The provider proves who the person is; Onramp finds their account by
 * the email it reports and decides what they may do, so only people an organisation has added can
 * sign in. The state, nonce and code verifier wait in a short-lived HttpOnly cookie sealed with an
 * HMAC; discovery happens at the first sign-in (and again after a failure), so a provider that is
 * down does not stop Onramp starting.
 */
@Injectable()
export class OidcSettings {
  /** Read at start-up, so a bad ONRAMP_OIDC_* value stops Onramp starting, naming the variable. */
  readonly config: OidcConfig | null;
  private client: Promise<OidcSignIn> | null = null;
  readonly label = 'Sign in with single sign-on (NHS CIS2 or your organisation)';

  constructor(@Inject(APP_CONFIG) appConfig: AppConfig) {
    this.config = oidcConfigFromEnv(appConfig.oidcEnv, new URL(appConfig.publicUrl));
  }

  get enabled(): boolean {
    return this.config !== null;
  }

  /** The discovered provider; discovery is tried again after it fails. */
  async provider(): Promise<OidcSignIn> {
    if (!this.config) throw new Error('OpenID Connect is not configured');
    this.client ??= OidcSignIn.discover(this.config);
    try {
      return await this.client;
    } catch (e) {
      this.client = null;
      throw e;
    }
  }
}

@ApiExcludeController()
@Controller('sign-in/oidc')
export class OidcSignInPages {
  readonly cookieName: string;
  private readonly cookieOptions: ReturnType<SessionService['cookieOptions']>;

  constructor(
    private readonly pages: PageRenderer,
    private readonly accounts: AccountService,
    private readonly sessions: SessionService,
    private readonly settings: OidcSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    // __Secure-, not __Host-: a browser refuses a __Host- cookie unless its Path is /, and this one is kept to PENDING_PATH.
    this.cookieName = sessions.secure ? '__Secure-onramp-oidc' : 'onramp-oidc';
    this.cookieOptions = { ...sessions.cookieOptions(), path: PENDING_PATH };
  }

  @Get()
  @Public()
  async start(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('returnTo') returnTo: unknown) {
    const client = await this.connect(request, reply);
    if (!client) return;
    const { url, pending } = await client.begin();
    const sealed = this.sessions.seal({ ...pending, returnTo: safeReturnTo(returnTo), startedAt: this.clock.now().getTime() } satisfies Pending);
    void reply.setCookie(this.cookieName, sealed, { ...this.cookieOptions, maxAge: PENDING_SECONDS });
    this.pages.redirect(reply, url.href);
  }

  @Get('callback')
  @Public()
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const client = await this.connect(request, reply);
    if (!client) return;
    const pending = this.sessions.unseal<Pending>(request.cookies?.[this.cookieName]);
    void reply.clearCookie(this.cookieName, this.cookieOptions);
    // A sealed value copied from a cookie would otherwise work for ever: it is refused once older than the cookie may live.
    const age = pending ? this.clock.now().getTime() - Number(pending.startedAt) : NaN;
    if (!pending || !(age >= 0 && age <= PENDING_SECONDS * 1000))
      return this.refuse(request, reply, new OidcSignInError('OIDC.STATE_MISMATCH', STARTED_ELSEWHERE));
    let person;
    try {
      person = await client.finish(new URL(request.url, this.settings.config!.redirectUri), pending);
    } catch (e) {
      if (e instanceof OidcSignInError) return this.refuse(request, reply, e);
      throw e;
    }
    const account = await this.accounts.byEmail(person.email);
    if (!account)
      return this.pages.send(
        request,
        reply,
        'sign-in-refused',
        { heading: 'There is no Onramp account for you yet', detail: noAccount(person.email) },
        { title: 'No Onramp account', status: 403 },
      );
    await this.sessions.end(request.cookies?.[this.sessions.cookieName]);
    const secret = await this.sessions.start(account.id);
    void reply.setCookie(this.sessions.cookieName, secret, this.sessions.cookieOptions());
    this.pages.redirect(reply, pending.returnTo ?? '/');
  }

  private async connect(request: FastifyRequest, reply: FastifyReply): Promise<OidcSignIn | null> {
    if (!this.settings.enabled) {
      this.pages.send(
        request,
        reply,
        'error',
        { heading: 'Page not found', detail: 'Single sign-on is not set up for this Onramp.', status: 404, correlationId: String(request.id) },
        { title: 'Page not found', status: 404 },
      );
      return null;
    }
    try {
      return await this.settings.provider();
    } catch (e) {
      this.logger.warn({ err: { message: (e as Error).message } }, 'OpenID provider discovery failed');
      this.pages.send(
        request,
        reply,
        'sign-in-refused',
        {
          heading: 'Single sign-on is not available at the moment',
          detail: 'Onramp could not reach the identity provider. Try again in a few minutes, or sign in with your email and password.',
        },
        { title: 'Single sign-on is not available', status: 503 },
      );
      return null;
    }
  }

  private refuse(request: FastifyRequest, reply: FastifyReply, e: OidcSignInError) {
    this.logger.info({ code: e.code, detail: e.detail }, 'single sign-on refused');
    this.pages.send(
      request,
      reply,
      'sign-in-refused',
      { heading: 'You could not be signed in', detail: e.message },
      { title: 'You could not be signed in', status: 400 },
    );
  }
}

const STARTED_ELSEWHERE =
  'This sign-in could not be matched to one started in this browser. It may have expired, or been started in another tab or window. Start signing in again.';

const noAccount = (email: string) =>
  `Your identity provider says you are ${email}, but nobody has added that email address to an organisation in Onramp. Ask your organisation's implementation lead to add you, then sign in again.`;
