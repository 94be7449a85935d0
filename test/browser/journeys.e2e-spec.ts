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
import { signIn, startOnramp, type Api, type Invitee, type OnrampProcess } from '../support/onramp-process';
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
 * Pages other engineers are building (the organisation overview, my work) are 404 pages today;
 * the assertions that tighten when they land are marked TIGHTEN.
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
    expect(await statusOf(page)).toBeLessThan(500);
    // TIGHTEN when the organisation overview lands: this is a 404 page today. Then:
    //   expect(await statusOf(page)).toBe(200);
    //   expect(await heading(page)).toBe(orgName);
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
    // The header of a page not found is the signed-in header: its sign-out works from there.
    await Promise.all([page.waitForURL(/\/sign-in\?signedOut=1$/), page.getByRole('button', { name: 'Sign out', exact: true }).click()]);
    await page.goto('/account');
    await page.waitForURL(/\/sign-in\?returnTo=%2Faccount$/);
    // TIGHTEN when the overview and people pages land: the person's own /organisations/<ods> and
    // /organisations/<ods>/people then answer 200, which shows the 404s above are tenancy, not absence.
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
});
