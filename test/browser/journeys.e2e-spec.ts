import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  expectAccessible,
  expectFocusVisible,
  expectFocusVisibleAtEveryTabStop,
  expectNoConsoleErrors,
  expectReflows,
  focusedName,
  launchBrowser,
  newContext,
  tabTo,
} from '../support/browser';
import { Onboarding } from '../support/onboarding-api';
import { choosePassword, newOdsCode, setPasswordOverHttp, signIn, startOnramp, type Api, type Invitee, type OnrampProcess } from '../support/onramp-process';
import { waitFor } from '../support/smtp-sink';
import { testDatabaseKinds } from '../support/test-database';

/*
 * The journeys of the web application in a real Chromium, against the built server in its own
 * process (npm run build first), on SQLite and on PostgreSQL: invitation by email, signing in with
 * the keyboard alone, signing out here and everywhere, single sign-on through a real OpenID
 * provider, forms posted from another site, another organisation's pages, and personal access
 * tokens. Every Onramp page a journey visits passes axe (WCAG 2.2 AA), reflows at 320 px and at
 * 200% zoom, and no journey leaves a console error.
 *
 * Then the work itself, each journey on an organisation of its own so none sees another's steps: an
 * invited person completes the step assigned to them (the step page's form by keyboard alone), the
 * clinical lead signs a step off from their list, four eyes refuses a sign-off by whoever completed
 * the step even when the form is added to the page by hand, a form left open while someone else
 * acts is refused as stale, the national team sorts and filters the portfolio by keyboard and
 * reads an organisation's overview, a booking clerk starts a step from their list, a viewer meets
 * no form they cannot use, and a lead adds a person by keyboard alone.
 */

jest.setTimeout(120_000);

/** An Onramp page as every journey must find it: accessible, and reflowing at 320 px and at 200% zoom. */
async function checked(page: Page, label?: string): Promise<void> {
  await expectAccessible(page, label);
  await expectReflows(page);
}

/** The HTTP status of the document now shown (the last response of its navigation, after redirects). Strings run in the page: this project's TypeScript has no DOM types. */
const statusOf = (page: Page) => page.evaluate<number>("performance.getEntriesByType('navigation')[0]?.responseStatus ?? 0");

const heading = (page: Page) => page.locator('main h1').innerText();
/** Who the header says is signed in: the account link's text, or null when nobody is. */
const signedInAs = async (page: Page) =>
  (await page.locator('.nhsuk-header__account-link').count()) ? (await page.locator('.nhsuk-header__account-link').innerText()).trim() : null;

const unique = (local: string) => `${local}.${randomBytes(3).toString('hex')}@example.nhs.uk`;

describe.each(testDatabaseKinds())('journeys in Chromium on %s', (kind) => {
  let onramp: OnrampProcess;
  let browser: Browser;
  let ods: string;
  let otherOds: string;
  const orgName = 'Riverside Valley Hospitals NHS Trust';
  let lead: Api;
  const contexts: BrowserContext[] = [];

  /** A new browser (a person's device): its pages' console errors are watched and checked at the end of each journey. */
  const device = async () => {
    const context = await newContext(browser, onramp.baseUrl);
    contexts.push(context);
    return context;
  };
  /** A booking clerk of the first organisation (a contributor there), with a name and an address of their own. */
  const booking = (name: string): Invitee => ({
    name,
    email: unique(name.toLowerCase().replace(/\W+/g, '.')),
    role: 'booking-clerk',
  });

  beforeAll(async () => {
    [onramp, browser] = await Promise.all([startOnramp(kind, { oidc: true }), launchBrowser()]);
    ods = await onramp.organisation(orgName);
    otherOds = await onramp.organisation('Northgate Community Health NHS Trust', 'community');
    lead = await onramp.leadApi(ods);
  });

  afterEach(async () => {
    // Every page a journey opened, on every device, ends without a console error.
    try {
      for (const context of contexts) for (const page of context.pages()) expectNoConsoleErrors(page);
    } finally {
      await Promise.all(contexts.splice(0).map((c) => c.close()));
    }
  });

  afterAll(async () => {
    await browser?.close();
    await onramp?.stop();
  });

  it('invitation: the welcome email’s link sets a password (a weak one is refused, the error summary works from the keyboard) and lands signed in on the organisation', async () => {
    const page = await (await device()).newPage();
    const invitee = { name: 'Sam Reid', email: unique('sam.reid'), role: 'booking-clerk' };
    await onramp.addPerson(ods, invitee, lead);

    const mail = await waitFor('the welcome email', () => onramp.smtp.to(invitee.email).find((m) => /Set your password/.test(String(m.parsed.html))));
    // The email as a mail client shows it (not an Onramp page: no axe here), and its button followed in Chromium.
    await page.setContent(String(mail.parsed.html));
    const button = page.getByRole('link', { name: 'Set your password' });
    expect(await button.getAttribute('href')).toMatch(new RegExp(`^${onramp.baseUrl}/account/set-password\\?token=[\\w-]{43}$`));
    await Promise.all([page.waitForURL(/\/account\/set-password\?token=/), button.click()]);
    const link = page.url();
    await checked(page, 'set password');
    expect(await heading(page)).toBe('Set your password');
    await expect(page.locator('main').innerText()).resolves.toContain(invitee.email);

    // A weak password, typed and sent from the keyboard.
    await page.getByLabel('New password', { exact: true }).focus();
    await page.keyboard.type('password');
    await tabTo(page, 'Enter the new password again', 2); // past the field's "Show" button
    await page.keyboard.type('password');
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    await page.waitForURL(/\/account\/set-password$/);
    expect(await statusOf(page)).toBe(400);
    expect(await page.title()).toMatch(/^Error: Set your password/);
    await checked(page, 'set password, refused');
    const summary = page.locator('.nhsuk-error-summary');
    await expect(summary.innerText()).resolves.toMatch(/There is a problem/);
    const problem = (await summary.locator('a').first().innerText()).trim();
    expect(problem).toMatch(/password/i);
    await expect(page.locator('#password-error').innerText()).resolves.toContain(problem);
    // The summary's link, reached by Tab and followed with Enter, puts focus in the field to correct.
    await tabTo(page, problem);
    await expectFocusVisible(page);
    await page.keyboard.press('Enter');
    await waitFor('focus to move to the password field', () => page.evaluate<boolean>("document.activeElement?.id === 'password'"));
    await expectFocusVisible(page);

    const password = `river ${randomBytes(6).toString('hex')} valley`;
    await page.keyboard.type(password);
    await page.getByLabel('Enter the new password again').fill(password);
    await Promise.all([page.waitForURL(`${onramp.baseUrl}/organisations/${ods}`), page.getByRole('button', { name: 'Save password and sign in' }).click()]);
    expect(new URL(page.url()).pathname).toBe(`/organisations/${ods}`);
    expect(await signedInAs(page)).toBe('Sam Reid');
    expect(await statusOf(page)).toBe(200);
    expect(await heading(page)).toBe(orgName);
    await checked(page, 'where the email pointed');

    // The link worked once.
    await page.goto(link);
    expect(await statusOf(page)).toBe(410);
    expect(await heading(page)).toBe('This link no longer works');
    await checked(page, 'used link');
  });

  it('keyboard only: the skip link is the first stop, every stop shows focus, and signing in takes Tab, typing and Enter', async () => {
    const person = await onramp.person(ods, booking('Priya Shah'), lead);
    const page = await (await device()).newPage();
    await page.goto('/account');
    await page.waitForURL(/\/sign-in\?returnTo=%2Faccount$/);
    await checked(page, 'sign in');

    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Skip to main content');
    await expectFocusVisible(page);
    await page.reload();
    const stops = await expectFocusVisibleAtEveryTabStop(page);
    expect(stops[0]).toBe('Skip to main content');
    expect(stops).toEqual(expect.arrayContaining(['Email address', 'Password', 'Sign in', 'Forgotten your password?']));

    await page.reload();
    await tabTo(page, 'Email address');
    await page.keyboard.type(person.email);
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Password');
    await page.keyboard.type(person.password);
    await Promise.all([page.waitForURL(`${onramp.baseUrl}/account`), page.keyboard.press('Enter')]);
    expect(await signedInAs(page)).toBe(person.name);
    await checked(page, 'account');

    await page.reload();
    const accountStops = await expectFocusVisibleAtEveryTabStop(page);
    expect(accountStops[0]).toBe('Skip to main content');
    expect(accountStops).toEqual(expect.arrayContaining([person.name, 'Sign out', 'Token name', 'Acts for', 'Create token', 'Sign out everywhere']));
  });

  it('forgotten password: a wrong password is refused, the reset email’s link chooses a new one, and the old one stops working', async () => {
    const person = await onramp.person(ods, booking('Casey Wright'), lead);
    const page = await (await device()).newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(person.email);
    await page.getByLabel('Password', { exact: true }).fill(`${person.password}-wrong`);
    await Promise.all([page.waitForURL(/\/sign-in$/), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    expect(await statusOf(page)).toBe(401);
    await expect(page.locator('.nhsuk-error-summary').innerText()).resolves.toContain('Enter a correct email address and password');
    await checked(page, 'sign in, refused');

    await Promise.all([page.waitForURL(/\/account\/reset-password$/), page.getByRole('link', { name: 'Forgotten your password?' }).click()]);
    await checked(page, 'reset your password');
    await page.getByLabel('Email address').fill(person.email);
    await Promise.all([page.waitForURL(/\/account\/forgotten-password$/), page.getByRole('button', { name: 'Send the link' }).click()]);
    expect(await heading(page)).toBe('Check your email');
    await checked(page, 'check your email');

    const mail = await waitFor('the password reset email', () => onramp.smtp.to(person.email).find((m) => /reset-password\?token=/.test(m.parsed.text ?? '')));
    const link = /(https?:\/\/\S+\/account\/reset-password\?token=[\w-]+)/.exec(mail.parsed.text ?? '')![1];
    expect(link.startsWith(`${onramp.baseUrl}/`)).toBe(true);
    await page.goto(link);
    expect(await heading(page)).toBe('Choose a new password');
    await checked(page, 'choose a new password');
    const password = `harbour ${randomBytes(6).toString('hex')} lantern`;
    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByLabel('Enter the new password again').fill(password);
    await Promise.all([
      page.waitForURL((url) => !url.pathname.startsWith('/account/reset-password')),
      page.getByRole('button', { name: 'Save password and sign in' }).click(),
    ]);
    expect(await signedInAs(page)).toBe(person.name);
    await checked(page, 'signed in after the reset');

    // The old password is refused and the new one works.
    const other = await (await device()).newPage();
    await other.goto('/sign-in');
    await other.getByLabel('Email address').fill(person.email);
    await other.getByLabel('Password', { exact: true }).fill(person.password);
    await Promise.all([other.waitForURL(/\/sign-in$/), other.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    expect(await statusOf(other)).toBe(401);
    await signIn(other, { email: person.email, password }, '/account');
    expect(await signedInAs(other)).toBe(person.name);
    await checked(other, 'account, signed in with the new password');
  });

  it('sign out: the header’s button ends the session on the server, so the old cookie no longer opens a page', async () => {
    const person = await onramp.person(ods, booking('Alex Morgan'), lead);
    const context = await device();
    const page = await context.newPage();
    await signIn(page, person, '/account');
    await checked(page, 'account');
    const [session] = (await context.cookies()).filter((c) => c.name === 'onramp-session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    await Promise.all([page.waitForURL(/\/sign-in\?signedOut=1$/), page.getByRole('button', { name: 'Sign out', exact: true }).click()]);
    await checked(page, 'signed out');
    await expect(page.locator('main').innerText()).resolves.toContain('You have signed out.');
    expect(await signedInAs(page)).toBeNull();
    await page.goto('/account');
    await page.waitForURL(/\/sign-in\?returnTo=%2Faccount$/);
    // The session was deleted, not just its cookie: replayed, the cookie is sent to sign in.
    const replayed = await fetch(`${onramp.baseUrl}/account`, { headers: { cookie: `onramp-session=${session.value}` }, redirect: 'manual' });
    expect(replayed.status).toBe(303);
    expect(replayed.headers.get('location')).toBe('/sign-in?returnTo=%2Faccount');
  });

  it('sign out everywhere: on the laptop it also signs the phone out', async () => {
    const person = await onramp.person(ods, booking('Jo Patel'), lead);
    const laptop = await (await device()).newPage();
    const phone = await (await device()).newPage();
    await signIn(laptop, person, '/account');
    await signIn(phone, person, '/account');
    await checked(laptop, 'account on the laptop');
    await phone.reload();
    expect(await signedInAs(phone)).toBe(person.name);

    await Promise.all([laptop.waitForURL(/\/sign-in\?signedOut=1$/), laptop.getByRole('button', { name: 'Sign out everywhere' }).click()]);
    await checked(laptop, 'signed out everywhere');
    await phone.reload();
    await phone.waitForURL(/\/sign-in\?returnTo=%2Faccount$/);
    expect(await signedInAs(phone)).toBeNull();
    await checked(phone, 'the phone, signed out');
  });

  it('single sign-on: the provider’s login page, then back in Onramp signed in where the person was going', async () => {
    const person = await onramp.person(ods, booking('Chris Evans'), lead);
    onramp.idp!.addAccount({ sub: `sub-${randomBytes(4).toString('hex')}`, email: person.email, name: 'Chris Evans (provider)', emailVerified: true });
    const page = await (await device()).newPage();
    await page.goto('/account');
    await page.waitForURL(/\/sign-in\?returnTo=%2Faccount$/);
    await checked(page, 'sign in with single sign-on');
    await Promise.all([
      page.waitForURL((url) => url.origin === onramp.idp!.issuer.origin && url.pathname.startsWith('/interaction/')),
      page.getByRole('button', { name: /single sign-on/ }).click(),
    ]);
    // The provider's own login page (a test double, not Onramp's: not checked with axe).
    await page.locator('input[name="login"]').fill(person.email);
    await Promise.all([page.waitForURL(`${onramp.baseUrl}/account`), page.getByRole('button', { name: 'Sign-in' }).click()]);
    // The account Onramp knows, not the name the provider sent: the invitation decides who this is.
    expect(await signedInAs(page)).toBe(person.name);
    await checked(page, 'account after single sign-on');
  });

  it('single sign-on: a person the provider knows and Onramp does not is told there is no account for them yet, and is not signed in', async () => {
    const email = unique('nobody.here');
    onramp.idp!.addAccount({ sub: `sub-${randomBytes(4).toString('hex')}`, email, name: 'Nobody Here', emailVerified: true });
    const page = await (await device()).newPage();
    await page.goto('/sign-in');
    await Promise.all([page.waitForURL((url) => url.origin === onramp.idp!.issuer.origin), page.getByRole('button', { name: /single sign-on/ }).click()]);
    await page.locator('input[name="login"]').fill(email);
    await Promise.all([page.waitForURL(/\/sign-in\/oidc\/callback\?/), page.getByRole('button', { name: 'Sign-in' }).click()]);
    expect(await statusOf(page)).toBe(403);
    expect(await heading(page)).toBe('There is no Onramp account for you yet');
    await expect(page.locator('main').innerText()).resolves.toContain(email);
    expect(await signedInAs(page)).toBeNull();
    await checked(page, 'no account');
    await page.goto('/account');
    await page.waitForURL(/\/sign-in\?returnTo=%2Faccount$/);
  });

  describe('a form posted to Onramp from a page of another origin', () => {
    let attackers: Server[];
    /** Another site (localhost is not the site 127.0.0.1 is: SameSite=Lax keeps the cookie off its POSTs). */
    let crossSite: string;
    /** Another origin of the same site (another port of 127.0.0.1: SameSite lets the cookie through, the CSRF token does not). */
    let sameSite: string;

    beforeAll(async () => {
      const page = (action: string, fields: Record<string, string>) =>
        `<!doctype html><html lang="en"><head><title>You have won</title></head><body><main><h1>Claim your prize</h1>` +
        `<form method="post" action="${action}">${Object.entries(fields)
          .map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`)
          .join('')}</form><script>document.forms[0].submit()</script></main></body></html>`;
      const start = () =>
        new Promise<Server>((resolve) => {
          const server = createServer((req, res) => {
            const html =
              req.url === '/tokens'
                ? page(`${onramp.baseUrl}/account/tokens`, { label: 'exfiltrated', organisation: ods })
                : page(`${onramp.baseUrl}/account/sign-out-everywhere`, {});
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
          });
          server.listen(0, '127.0.0.1', () => resolve(server));
        });
      attackers = [await start(), await start()];
      crossSite = `http://localhost:${(attackers[0].address() as AddressInfo).port}`;
      sameSite = `http://127.0.0.1:${(attackers[1].address() as AddressInfo).port}`;
    });
    afterAll(() => Promise.all(attackers.map((s) => new Promise((resolve) => s.close(resolve)))));

    it.each([
      ['another site', 'sign-out-everywhere'],
      ['another site', 'tokens'],
      ['another port of the same host', 'sign-out-everywhere'],
      ['another port of the same host', 'tokens'],
    ])('from %s, to /account/%s, is refused: the person stays signed in and nothing changes', async (where, target) => {
      const person = await onramp.person(ods, booking('Dana Lee'), lead);
      const context = await device();
      const own = await context.newPage();
      await signIn(own, person, '/account');
      const tokensBefore = (await onramp.admin.expect(200, 'GET', '/api/v1/tokens')).items!.length;

      const attacked = await context.newPage();
      const origin = where === 'another site' ? crossSite : sameSite;
      const posted = attacked.waitForRequest((r) => r.method() === 'POST' && r.url() === `${onramp.baseUrl}/account/${target}`);
      await attacked.goto(`${origin}/${target === 'tokens' ? 'tokens' : 'sign-out-everywhere'}`);
      const cookie = (await (await posted).allHeaders()).cookie ?? '';
      await attacked.waitForURL((url) => url.origin === onramp.baseUrl);
      await attacked.waitForLoadState('load');
      if (where === 'another site') {
        // SameSite=Lax: the browser sent the POST without the session, so Onramp saw nobody to act for.
        expect(cookie).not.toContain('onramp-session=');
        expect(await statusOf(attacked)).toBeLessThan(500);
      } else {
        // Same site: the session came along, and the missing CSRF token refused the form.
        expect(cookie).toContain('onramp-session=');
        expect(attacked.url()).toBe(`${onramp.baseUrl}/account/${target}`);
        expect(await statusOf(attacked)).toBe(403);
        expect(await heading(attacked)).toBe('You cannot do this');
        await expect(attacked.locator('main').innerText()).resolves.toContain('did not come from Onramp');
      }
      // Wherever it ended, it is an Onramp page like any other, and the person is still signed in there.
      expect(await signedInAs(attacked)).toBe(person.name);
      await checked(attacked, `after a forged post from ${where}`);

      await own.reload();
      expect(own.url()).toBe(`${onramp.baseUrl}/account`);
      expect(await signedInAs(own)).toBe(person.name);
      await expect(own.locator('main').innerText()).resolves.toContain('You have no personal access tokens.');
      expect((await onramp.admin.expect(200, 'GET', '/api/v1/tokens')).items!.length).toBe(tokensBefore);
    });
  });

  it('tenancy: another organisation’s pages are the same "Page not found" as an organisation that does not exist', async () => {
    const person = await onramp.person(ods, booking('Morgan Hill'), lead);
    const page = await (await device()).newPage();
    await signIn(page, person, '/account');
    const nowhere = 'ZZ9NONE';
    const seen: Record<string, string> = {};
    for (const path of [`/organisations/${otherOds}`, `/organisations/${otherOds}/people`, `/organisations/${nowhere}`, `/organisations/${nowhere}/people`]) {
      await page.goto(path);
      expect(await statusOf(page)).toBe(404);
      expect(await heading(page)).toBe('Page not found');
      expect(await signedInAs(page)).toBe(person.name);
      await checked(page, path);
      // Each page quotes its own reference; everything else must match word for word.
      seen[path] = (await page.locator('main').innerText()).replace(/reference [0-9a-f-]{36}/, 'reference …');
      expect(seen[path]).not.toContain(otherOds);
    }
    expect(seen[`/organisations/${otherOds}`]).toBe(seen[`/organisations/${nowhere}`]);
    expect(seen[`/organisations/${otherOds}/people`]).toBe(seen[`/organisations/${nowhere}/people`]);
    // The person's own organisation's pages are there for them: the 404s above are tenancy, not absence.
    for (const [path, h1] of [
      [`/organisations/${ods}`, orgName],
      [`/organisations/${ods}/people`, 'People'],
    ]) {
      await page.goto(path);
      expect(await statusOf(page)).toBe(200);
      expect(await heading(page)).toBe(h1);
      await checked(page, path);
    }
    // The header of a page not found is the signed-in header: its sign-out works from there.
    await Promise.all([page.waitForURL(/\/sign-in\?signedOut=1$/), page.getByRole('button', { name: 'Sign out', exact: true }).click()]);
    await page.goto('/account');
    await page.waitForURL(/\/sign-in\?returnTo=%2Faccount$/);
  });

  it('account: a personal access token made with the keyboard is shown once, works on the API as its person, and is revoked', async () => {
    const person = await onramp.person(ods, booking('Robin Clarke'), lead);
    const page = await (await device()).newPage();
    await signIn(page, person, '/account');
    await checked(page, 'account');
    const label = `Worklist script ${randomBytes(2).toString('hex')}`;

    await tabTo(page, 'Token name');
    await page.keyboard.type(label);
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Acts for');
    await expect(page.locator('#organisation option:checked').innerText()).resolves.toBe(`${orgName} (as contributor)`);
    await tabTo(page, 'Create token');
    await Promise.all([page.waitForURL(`${onramp.baseUrl}/account/tokens`), page.keyboard.press('Enter')]);
    expect(await statusOf(page)).toBe(201);
    await checked(page, 'token created');
    await expect(page.locator('.nhsuk-panel').innerText()).resolves.toContain(`Token created: ${label}`);
    const token = (await page.locator('code.onramp-token').innerText()).trim();
    expect(token).toMatch(/^onr_/);

    const api = onramp.admin.as(token);
    const organisation = await api.expect(200, 'GET', `/api/v1/organisations/${ods}`);
    expect(organisation.odsCode).toBe(ods);
    // It acts as its person, with their role: a contributor cannot add people.
    expect(
      (await api.request('POST', `/api/v1/organisations/${ods}/people`, { name: 'Not Allowed', email: unique('not.allowed'), role: 'viewer' })).status,
    ).toBe(403);
    // Another organisation is not there for it.
    expect((await api.request('GET', `/api/v1/organisations/${otherOds}`)).status).toBe(404);

    await page.goto('/account');
    await checked(page, 'account with a token');
    expect(await page.content()).not.toContain(token);
    await expect(page.locator('main table').innerText()).resolves.toContain(label);
    await tabTo(page, `Revoke ${label}`);
    await Promise.all([page.waitForURL(`${onramp.baseUrl}/account?done=revoked`), page.keyboard.press('Enter')]);
    await checked(page, 'token revoked');
    await expect(page.locator('main').innerText()).resolves.toContain('The token has been revoked: it no longer works.');
    await expect(page.locator('main').innerText()).resolves.toContain('You have no personal access tokens.');
    expect((await api.request('GET', `/api/v1/organisations/${ods}`)).status).toBe(401);
  });

  /** An organisation of the journey's own, with its onboarding run, its lead's token, and the set-up's hands on the run. */
  const organisationOfItsOwn = async (name: string, type = 'acute') => {
    const org = await onramp.organisation(name, type);
    return { ods: org, lead: await onramp.leadApi(org), work: new Onboarding(onramp, org) };
  };
  const stepPath = (org: string, id: string) => `/organisations/${org}/steps/${encodeURIComponent(id)}`;
  /** The forms on the page that change something (every POST form but the header's sign-out). */
  const writingForms = (page: Page) =>
    page.evaluate<string[]>(
      `Array.from(document.querySelectorAll('form')).filter((f) => f.method === 'post' && !/\\/sign-out$/.test(new URL(f.action).pathname)).map((f) => new URL(f.action).pathname)`,
    );
  const mainText = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');
  /** The link named `name` in the table row that names `rowText`. */
  const linkInRow = (page: Page, rowText: string, name: string) => page.locator('main tr', { hasText: rowText }).getByRole('link', { name, exact: true });
  /** Does `act` and waits for the page a form's POST answers with (its URL may be the one already shown). */
  const posting = async (page: Page, act: () => Promise<void>) => {
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document'), act()]);
    await page.waitForLoadState('load');
  };
  /** Tab to the control, and check it shows where focus is. */
  const stop = async (page: Page, name: string | RegExp) => {
    await tabTo(page, name, 120);
    await expectFocusVisible(page);
  };

  it('an invited person sets their password and completes the step the lead assigned them on its page, by keyboard alone, and it awaits the clinical lead’s sign-off', async () => {
    const org = await organisationOfItsOwn('Hillside Teaching Hospitals NHS Trust');
    const step = await org.work.choose((s) => s.signOffRole === 'clinical-lead' && s.evidenceRequired.length > 0, 'step the clinical lead signs off');
    await org.work.readyToComplete(step.id);
    const invitee = { name: 'Noor Haddad', email: unique('noor.haddad'), role: 'booking-clerk' };
    await onramp.addPerson(org.ods, invitee, org.lead);

    // The lead assigns the step to Noor on its page.
    const leadPerson = await onramp.person(org.ods, { name: 'Jamie Fox', email: unique('jamie.fox'), role: 'implementation-lead' }, org.lead);
    const leadPage = await (await device()).newPage();
    await signIn(leadPage, leadPerson, stepPath(org.ods, step.id));
    expect(await heading(leadPage)).toBe(step.title);
    await checked(leadPage, 'step page, as the lead');
    await leadPage.getByLabel('Person', { exact: true }).selectOption({ label: `${invitee.name} (Booking clerk)` });
    await Promise.all([leadPage.waitForURL(/\?done=assign$/), leadPage.getByRole('button', { name: 'Assign', exact: true }).click()]);
    await expect(leadPage.locator('.nhsuk-notification-banner').innerText()).resolves.toContain('The step has been assigned.');
    await checked(leadPage, 'step assigned');
    expect((await org.work.step(step.id)).assignee?.name).toBe(invitee.name);

    // Noor follows the welcome email's link, chooses a password, and finds the step on My work.
    const page = await (await device()).newPage();
    await choosePassword(page, await onramp.setPasswordLink(invitee.email), `meadow ${randomBytes(6).toString('hex')} lantern`);
    expect(new URL(page.url()).pathname).toBe(`/organisations/${org.ods}`);
    expect(await signedInAs(page)).toBe(invitee.name);
    await checked(page, 'the organisation, just signed in');
    await page.goto('/my-work');
    await checked(page, 'my work');
    await Promise.all([page.waitForURL(`${onramp.baseUrl}${stepPath(org.ods, step.id)}`), linkInRow(page, step.title, step.title).click()]);
    await checked(page, 'the assigned step');
    expect(await heading(page)).toBe(step.title);
    await expect(mainText(page)).resolves.toContain(`Assigned to ${invitee.name}`);

    // The completion form by keyboard alone: Tab to each field, type, and Enter on the button.
    const references = step.evidenceRequired.map((e, i) => `https://intranet.example.nhs.uk/ers/${e.key}-v${i + 1}.pdf`);
    for (const [i, e] of step.evidenceRequired.entries()) {
      await stop(page, e.description);
      await page.keyboard.type(references[i]);
    }
    await stop(page, 'Note (optional)');
    await page.keyboard.type('Agreed at the December board');
    await stop(page, 'Complete this step');
    await Promise.all([page.waitForURL(/\?done=complete$/), page.keyboard.press('Enter')]);
    expect(await statusOf(page)).toBe(200);
    await checked(page, 'step completed');
    const banner = await page.locator('.nhsuk-notification-banner').innerText();
    expect(banner).toContain('You have completed this step.');
    expect(banner).toContain('It now waits to be signed off by the clinical lead.');
    await expect(page.locator('main .nhsuk-tag').first().innerText()).resolves.toBe('Awaiting sign-off');
    for (const reference of references) await expect(page.getByRole('link', { name: reference }).count()).resolves.toBe(1);
    // Nothing more for Noor to do here: a booking clerk does not sign off.
    expect(await writingForms(page)).toEqual([]);

    const now = await org.work.step(step.id);
    expect(now).toMatchObject({ status: 'awaiting-sign-off', note: 'Agreed at the December board', completedBy: { label: invitee.name } });
    expect(now.evidence).toEqual(step.evidenceRequired.map((e, i) => ({ key: e.key, reference: references[i] })));
  });

  it('the clinical lead signs off a step from their My work list, on its page, and it is done', async () => {
    const org = await organisationOfItsOwn('Brookfield Hospitals NHS Foundation Trust');
    const step = await org.work.choose((s) => s.signOffRole === 'clinical-lead', 'step the clinical lead signs off');
    await org.work.readyToComplete(step.id);
    await org.work.complete(step.id);
    const clinician = await onramp.person(org.ods, { name: 'Dr Ife Adeyemi', email: unique('ife.adeyemi'), role: 'clinical-lead' }, org.lead);

    const page = await (await device()).newPage();
    await signIn(page, clinician);
    await page.goto('/my-work');
    await checked(page, 'my work');
    await Promise.all([page.waitForURL(`${onramp.baseUrl}${stepPath(org.ods, step.id)}`), linkInRow(page, step.title, 'Sign off').click()]);
    await checked(page, 'the step to sign off');
    await expect(page.locator('main .nhsuk-tag').first().innerText()).resolves.toBe('Awaiting sign-off');
    await page.getByLabel('Note (optional)').fill('Checked the evidence against the board minute');
    await Promise.all([page.waitForURL(/\?done=sign-off$/), page.getByRole('button', { name: 'Sign off this step' }).click()]);
    await checked(page, 'signed off');
    await expect(page.locator('.nhsuk-notification-banner').innerText()).resolves.toContain('You have signed off this step.');
    await expect(page.locator('main .nhsuk-tag').first().innerText()).resolves.toBe('Done');
    await expect(mainText(page)).resolves.toContain(`Signed off by ${clinician.name}`);
    expect(await org.work.step(step.id)).toMatchObject({ status: 'done', signedOffBy: { label: clinician.name } });

    // It has left their list.
    await page.goto('/my-work');
    await checked(page, 'my work, after');
    await expect(page.locator('main').getByRole('link', { name: step.title, exact: true }).count()).resolves.toBe(0);
  });

  it('four eyes: whoever completed a step gets no sign-off form for it, and a sign-off form added to the page by hand is refused in words, changing nothing', async () => {
    const org = await organisationOfItsOwn('Marsh Lane Hospitals NHS Trust');
    const step = await org.work.choose((s) => s.signOffRole === 'clinical-lead', 'step the clinical lead signs off');
    await org.work.readyToComplete(step.id);
    const clinician = await onramp.person(org.ods, { name: 'Dr Tomas Novak', email: unique('tomas.novak'), role: 'clinical-lead' }, org.lead);

    const page = await (await device()).newPage();
    await signIn(page, clinician, stepPath(org.ods, step.id));
    await checked(page, 'the step, before');
    for (const e of step.evidenceRequired) await page.getByLabel(e.description).fill(`Clinical governance folder, ${e.key}`);
    await Promise.all([page.waitForURL(/\?done=complete$/), page.getByRole('button', { name: 'Complete this step' }).click()]);
    await checked(page, 'completed by the clinical lead');
    // They hold the sign-off role, but they completed it: no form, and the page says why.
    expect(await writingForms(page)).not.toContain(`${stepPath(org.ods, step.id)}/sign-off`);
    await expect(page.getByRole('button', { name: 'Sign off this step' }).count()).resolves.toBe(0);
    await expect(mainText(page)).resolves.toContain('You completed this step yourself, so someone else must sign it off (four eyes).');
    const before = await org.work.run();

    // The form written into the page by hand (its CSRF token and version taken from the page), and sent.
    await page.evaluate(`(() => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = ${JSON.stringify(`${stepPath(org.ods, step.id)}/sign-off`)};
      const field = (name, value) => { const input = document.createElement('input'); input.type = 'hidden'; input.name = name; input.value = value; form.append(input); };
      field('_csrf', document.querySelector('input[name="_csrf"]').value);
      field('expectedVersion', document.querySelector('input[name="expectedVersion"]').value);
      field('signOffNote', 'Signing my own work');
      const button = document.createElement('button');
      button.textContent = 'Sign off anyway';
      form.append(button);
      document.querySelector('main').append(form);
    })()`);
    await Promise.all([
      page.waitForURL(`${onramp.baseUrl}${stepPath(org.ods, step.id)}/sign-off`),
      page.getByRole('button', { name: 'Sign off anyway' }).click(),
    ]);
    expect(await statusOf(page)).toBe(409);
    await checked(page, 'sign-off refused');
    const summary = await page.locator('.nhsuk-error-summary').innerText();
    expect(summary).toContain('There is a problem');
    expect(summary).toContain(`You completed step ‘${step.title}’ yourself, so someone else must sign it off (four eyes)`);
    expect(summary).not.toContain(step.id);
    expect(await org.work.run()).toEqual(before);
  });

  it('a stale form: two people on the same step page, one completes it, and the other’s completion is refused with "This changed while you were looking" and the step as it now is', async () => {
    const org = await organisationOfItsOwn('Quayside Hospitals NHS Trust');
    const step = await org.work.choose((s) => s.signOffRole === null && s.evidenceRequired.length > 0, 'step with no sign-off');
    await org.work.readyToComplete(step.id);
    const [first, second] = await Promise.all([
      onramp.person(org.ods, { name: 'Rosa Lindqvist', email: unique('rosa.lindqvist'), role: 'implementation-lead' }, org.lead),
      onramp.person(org.ods, { name: 'Kwame Mensah', email: unique('kwame.mensah'), role: 'service-manager', accessRole: 'contributor' }, org.lead),
    ]);
    const [rosa, kwame] = [await (await device()).newPage(), await (await device()).newPage()];
    await signIn(rosa, first, stepPath(org.ods, step.id));
    await signIn(kwame, second, stepPath(org.ods, step.id));
    await checked(rosa, 'the step, open for Rosa');
    await checked(kwame, 'the step, open for Kwame');

    const fill = async (page: Page, who: string) => {
      for (const e of step.evidenceRequired) await page.getByLabel(e.description).fill(`${who}'s record of ${e.key}`);
    };
    await fill(rosa, 'Rosa');
    await Promise.all([rosa.waitForURL(/\?done=complete$/), rosa.getByRole('button', { name: 'Complete this step' }).click()]);
    await checked(rosa, 'completed by Rosa');
    const afterRosa = await org.work.run();

    // Kwame's page still shows the form as it was.
    await fill(kwame, 'Kwame');
    await kwame.getByLabel('Note (optional)').fill('Kwame’s note');
    await Promise.all([
      kwame.waitForURL(`${onramp.baseUrl}${stepPath(org.ods, step.id)}/complete`),
      kwame.getByRole('button', { name: 'Complete this step' }).click(),
    ]);
    expect(await statusOf(kwame)).toBe(409);
    await checked(kwame, 'stale form refused');
    await expect(kwame.locator('.nhsuk-notification-banner').innerText()).resolves.toContain('This changed while you were looking');
    // The page shows the step as Rosa left it.
    await expect(kwame.locator('main .nhsuk-tag').first().innerText()).resolves.toBe('Done');
    await expect(mainText(kwame)).resolves.toContain(`Completed by ${first.name}`);
    for (const e of step.evidenceRequired) await expect(mainText(kwame)).resolves.toContain(`Rosa's record of ${e.key}`);
    // Nothing Kwame sent was written.
    expect(await org.work.run()).toEqual(afterRosa);
    expect((await org.work.step(step.id)).evidence.map((e) => e.reference)).toEqual(step.evidenceRequired.map((e) => `Rosa's record of ${e.key}`));
  });

  it('the national team: the portfolio sorted by RAG and filtered by type with the keyboard, then an organisation’s overview to read, with no forms', async () => {
    const email = unique('ola.james');
    const password = `portfolio ${randomBytes(6).toString('hex')} harbour`;
    await setPasswordOverHttp(await onramp.grantGlobalRole(email, 'Ola James', 'national-team'), password);
    const page = await (await device()).newPage();
    await signIn(page, { email, password }, '/portfolio');
    await checked(page, 'portfolio');
    expect(await heading(page)).toBe('National portfolio');
    const ragRank: Record<string, number> = { Red: 0, Amber: 1, Green: 2, 'Not started': 3 };
    const rags = async () => (await page.locator('main tbody tr td:nth-child(3)').allInnerTexts()).map((t) => t.trim());

    // Sorted by name first, then by RAG, each by Tab to the column heading's link and Enter.
    await stop(page, 'Organisation: sort by name, A to Z');
    await Promise.all([page.waitForURL(/\/portfolio\?sort=name$/), page.keyboard.press('Enter')]);
    await checked(page, 'portfolio by name');
    await stop(page, /^RAG status: sort by RAG status, worst first/);
    await Promise.all([page.waitForURL(`${onramp.baseUrl}/portfolio`), page.keyboard.press('Enter')]);
    await checked(page, 'portfolio by RAG');
    await expect(page.locator('th', { hasText: 'RAG status' }).getAttribute('aria-sort')).resolves.toBe('descending');
    const ranks = (await rags()).map((r) => ragRank[r]);
    expect(ranks.every((r) => r !== undefined)).toBe(true);
    expect(ranks).toEqual([...ranks].sort((x, y) => x - y));

    // Filtered to community providers: Space on the box, then Enter on "Apply filters".
    await stop(page, 'Community provider');
    await page.keyboard.press('Space');
    await stop(page, 'Apply filters');
    await Promise.all([page.waitForURL(/\/portfolio\?type=community$/), page.keyboard.press('Enter')]);
    await checked(page, 'portfolio, community providers');
    const types = (await page.locator('main tbody tr td:nth-child(2)').allInnerTexts()).map((t) => t.trim());
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set(['Community provider']));
    await expect(page.locator('main tbody').innerText()).resolves.toContain('Northgate Community Health NHS Trust');

    await stop(page, 'Northgate Community Health NHS Trust');
    await Promise.all([page.waitForURL(`${onramp.baseUrl}/organisations/${otherOds}`), page.keyboard.press('Enter')]);
    expect(await statusOf(page)).toBe(200);
    expect(await heading(page)).toBe('Northgate Community Health NHS Trust');
    await checked(page, 'an organisation’s overview, read-only');
    await expect(page.locator('main form').count()).resolves.toBe(0);
    expect(await writingForms(page)).toEqual([]);
  });

  it('a booking clerk finds their steps on My work and starts one from there', async () => {
    const org = await organisationOfItsOwn('Westgate Hospitals NHS Trust');
    const clerk = await onramp.person(org.ods, booking('Ade Okoro'), org.lead);
    const assigned = await org.work.choose((s) => s.ownerRole !== 'booking-clerk', 'step for anyone');
    await org.work.assign(assigned.id, await org.work.personId(clerk.email));
    const owned = await org.work.choose((s) => s.ownerRole === 'booking-clerk', 'step a booking clerk owns');

    const page = await (await device()).newPage();
    await signIn(page, clerk);
    await page.goto('/my-work');
    await checked(page, 'my work');
    // Assigned to them, and owned by their role with nobody assigned yet: both theirs to act on.
    for (const s of [assigned, owned]) await expect(linkInRow(page, s.title, 'Start').count()).resolves.toBe(1);
    await Promise.all([page.waitForURL(`${onramp.baseUrl}${stepPath(org.ods, assigned.id)}`), linkInRow(page, assigned.title, 'Start').click()]);
    await checked(page, 'the step to start');
    await Promise.all([page.waitForURL(/\?done=start$/), page.getByRole('button', { name: 'Start this step' }).click()]);
    await checked(page, 'step started');
    await expect(page.locator('.nhsuk-notification-banner').innerText()).resolves.toContain('You have started this step.');
    await expect(page.locator('main .nhsuk-tag').first().innerText()).resolves.toBe('In progress');
    expect((await org.work.step(assigned.id)).status).toBe('in-progress');
    await page.goto('/my-work');
    await checked(page, 'my work, after');
    await expect(linkInRow(page, assigned.title, 'Complete').count()).resolves.toBe(1);
  });

  it('a viewer goes everywhere in their organisation and meets no form that changes anything; one sent anyway is refused', async () => {
    const org = await organisationOfItsOwn('Fenwick Hospitals NHS Trust');
    const step = await org.work.choose((s) => s.dependsOn.length === 0, 'first step');
    await org.work.assign(step.id, await org.work.personId((await onramp.person(org.ods, booking('Bea Lowe'), org.lead)).email));
    const viewer = await onramp.person(org.ods, { name: 'Lee Turner', email: unique('lee.turner'), role: 'service-manager', accessRole: 'viewer' }, org.lead);
    const page = await (await device()).newPage();
    await signIn(page, viewer, `/organisations/${org.ods}`);
    const visit = async (label: string) => {
      expect(await statusOf(page)).toBe(200);
      await checked(page, label);
      expect({ page: label, forms: await writingForms(page) }).toEqual({ page: label, forms: [] });
    };
    await visit('overview');
    for (const link of [
      'Checklist: every step and who is doing it',
      'Readiness report',
      'People and their roles',
      'Audit trail: everything that has been done, and by whom',
      'Settings: who may sign off a step they completed',
    ]) {
      await page.goto(`/organisations/${org.ods}`);
      await Promise.all([page.waitForURL((url) => url.pathname !== `/organisations/${org.ods}`), page.getByRole('link', { name: link }).click()]);
      await visit(link);
      if (link.startsWith('Checklist')) {
        await Promise.all([page.waitForURL(/\/steps\//), page.locator('main table').getByRole('link', { name: step.title, exact: true }).click()]);
        await visit('a step page');
      }
      if (link.startsWith('People')) {
        await Promise.all([page.waitForURL(/\/people\/[0-9a-f-]{36}$/), page.locator('main table').getByRole('link', { name: 'Bea Lowe' }).click()]);
        await visit('a person’s page');
      }
    }
    await page.goto('/my-work');
    await visit('my work');

    // Sent anyway, with the page's own CSRF token: refused, and nothing changed.
    await page.goto(stepPath(org.ods, step.id));
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const before = await org.work.run();
    const forged = await page.request.post(`${stepPath(org.ods, step.id)}/start`, { form: { _csrf: csrf, expectedVersion: String(before.version) } });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('You cannot do this');
    expect(await org.work.run()).toEqual(before);
  });

  it('keyboard only: a lead adds a person on the people page, each field reached by Tab with focus shown, through check your answers', async () => {
    const leadPerson = await onramp.person(ods, { name: 'Hana Sato', email: unique('hana.sato'), role: 'implementation-lead' }, lead);
    const page = await (await device()).newPage();
    await signIn(page, leadPerson, `/organisations/${ods}/people`);
    await checked(page, 'people');
    await stop(page, 'Add a person');
    await Promise.all([page.waitForURL(/\/people\/add$/), page.keyboard.press('Enter')]);
    await checked(page, 'add a person');
    const newcomer = { name: 'Elliot Park', email: unique('elliot.park') };

    await stop(page, 'Full name');
    await page.keyboard.type(newcomer.name);
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Email address');
    await expectFocusVisible(page);
    await page.keyboard.type(newcomer.email);
    // Into the roles: Tab reaches the group, the arrow keys choose within it.
    await page.keyboard.press('Tab');
    await expectFocusVisible(page);
    for (let i = 0; i < 30 && (await focusedName(page)) !== 'Booking clerk'; i++) await page.keyboard.press('ArrowDown');
    expect(await focusedName(page)).toBe('Booking clerk');
    await page.keyboard.press('Space');
    await expectFocusVisible(page);
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Decided by their role');
    await expectFocusVisible(page);
    await stop(page, 'Continue');
    await posting(page, () => page.keyboard.press('Enter'));
    expect(await heading(page)).toBe('Check the person’s details');
    await checked(page, 'check the person’s details');
    const answers = await mainText(page);
    for (const text of [newcomer.name, newcomer.email, 'Booking clerk']) expect(answers).toContain(text);

    await stop(page, 'Add person and send invitation');
    await Promise.all([page.waitForURL(/\/people\/[0-9a-f-]{36}\?done=added$/), page.keyboard.press('Enter')]);
    await checked(page, 'person added');
    expect(await heading(page)).toBe(newcomer.name);
    await expect(page.locator('.nhsuk-notification-banner').innerText()).resolves.toContain(`${newcomer.name} has been added.`);
    const people = (await lead.expect(200, 'GET', `/api/v1/organisations/${ods}/people`)).items as { name: string; email: string; role: string }[];
    expect(people).toEqual(expect.arrayContaining([expect.objectContaining({ name: newcomer.name, email: newcomer.email, role: 'booking-clerk' })]));
    await onramp.setPasswordLink(newcomer.email);
  });

  it('forms with consequences: a lead starts onboarding and waives a step, each through a page to check first, and a reason too short is shown on its field', async () => {
    const org = newOdsCode('S');
    const name = 'Southmead Community Services NHS Trust';
    await onramp.admin.expect(201, 'POST', '/api/v1/organisations', { odsCode: org, name, type: 'community' });
    const leadPerson = await onramp.person(org, { name: 'Olu Bakare', email: unique('olu.bakare'), role: 'implementation-lead' });
    const page = await (await device()).newPage();
    await signIn(page, leadPerson, `/organisations/${org}`);
    await checked(page, 'overview before onboarding');
    await expect(mainText(page)).resolves.toContain('Onboarding has not started');
    const goLive = new Date(Date.now() + 240 * 86_400_000);
    await page.getByLabel('Day').fill(String(goLive.getUTCDate()));
    await page.getByLabel('Month').fill(String(goLive.getUTCMonth() + 1));
    await page.getByLabel('Year').fill(String(goLive.getUTCFullYear()));
    await posting(page, () => page.getByRole('button', { name: 'Continue' }).click());
    expect(await heading(page)).toBe('Check the go-live date before you start onboarding');
    await checked(page, 'check the go-live date');
    await Promise.all([page.waitForURL(`${onramp.baseUrl}/organisations/${org}?started=1`), page.getByRole('button', { name: 'Start onboarding' }).click()]);
    await checked(page, 'onboarding started');
    await expect(page.locator('.nhsuk-notification-banner').innerText()).resolves.toContain('Onboarding has started.');
    await expect(mainText(page)).resolves.toContain('Readiness score');
    const work = new Onboarding(onramp, org);
    const step = await work.choose((s) => !s.gate && s.signOffRole === null, 'step a lead may waive');

    await page.goto(stepPath(org, step.id));
    await checked(page, 'the step to waive');
    const reason = page.getByLabel('Why does this step not apply?');
    await reason.fill('n/a');
    await posting(page, () => page.getByRole('button', { name: 'Continue' }).click());
    expect(await statusOf(page)).toBe(400);
    await checked(page, 'waiver reason too short');
    await expect(page.locator('#waiveReason-error').innerText()).resolves.toContain('Enter the reason the step does not apply of at least 10 characters');
    await page.getByLabel('Why does this step not apply?').fill('The community board already covers this work');
    await posting(page, () => page.getByRole('button', { name: 'Continue' }).click());
    expect(await heading(page)).toBe('Check before you waive this step');
    await checked(page, 'check before you waive');
    expect((await work.step(step.id)).status).toBe('not-started');
    await Promise.all([page.waitForURL(/\?done=waive$/), page.getByRole('button', { name: 'Waive this step' }).click()]);
    await checked(page, 'step waived');
    await expect(page.locator('main .nhsuk-tag').first().innerText()).resolves.toBe('Not applicable (waived)');
    expect(await work.step(step.id)).toMatchObject({ status: 'waived', waiverReason: 'The community board already covers this work' });
  });
});
