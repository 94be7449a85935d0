import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, resolve, sep } from 'node:path';
import Handlebars from 'handlebars';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { handlebarsHelpers } from '../../apps/onramp/src/platform/rendering/template-helpers';
import {
  consoleErrorsOf,
  expectAccessible,
  expectFocusVisible,
  expectNoConsoleErrors,
  expectReflows,
  launchBrowser,
  newContext,
  tabTo,
} from '../support/browser';

/*
 * The component gallery: the web layout with every partial in every state, rendered the way the
 * server renders (one isolated Handlebars environment, Onramp's helpers, partials by file name
 * compiled non-strict, pages strict), served with nhsuk-frontend's CSS, JS and assets and a nonce
 * CSP like the app's, and checked in Chromium with and without JavaScript.
 */

const ROOT = resolve(__dirname, '../..');
const WEB = join(ROOT, 'templates/web');
const PARTIALS = join(WEB, 'partials');
const GALLERY_DIR = join(__dirname, 'gallery');
const NHSUK = join(ROOT, 'node_modules/nhsuk-frontend/dist/nhsuk');
const ASSETS = join(NHSUK, 'assets');
const CSRF = 'csrf-token-for-the-gallery';

const STATIC: Record<string, string> = {
  '/static/nhsuk-frontend.min.css': join(NHSUK, 'nhsuk-frontend.min.css'),
  '/static/nhsuk-frontend.min.js': join(NHSUK, 'nhsuk-frontend.min.js'),
  '/static/onramp.css': join(WEB, 'static/onramp.css'),
};
const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
};

interface Nav {
  href: string;
  label: string;
  current: boolean;
}
interface GalleryPage {
  title: string;
  hasErrors: boolean;
  user: { name: string; email: string } | null;
  navigation: Nav[];
  model: Record<string, unknown>;
}

const navigation = (current: string): Nav[] =>
  [
    ['/gallery/home', 'Overview'],
    ['/gallery/content', 'Organisations'],
    ['/gallery/forms', 'Reports'],
  ].map(([href, label]) => ({ href, label, current: label === current }));
const user = { name: 'Kim Davies', email: 'kim.davies@nhs.net' };
const HOSTILE = '"><img src=x onerror="window.hacked=1"> {{{body}}} & <b>bold</b>';

const typeOptions = [
  { value: 'acute', label: 'Acute trust', selected: true },
  { value: 'community', label: 'Community provider', selected: false },
  { value: 'other', label: 'Other provider', selected: false },
];
const decisionOptions = [
  { value: 'yes', label: 'Yes', hint: 'Everyone waiting on it will be told' },
  { value: 'no', label: 'No, not yet', hint: 'It stays assigned to you', checked: true },
];
const areaOptions = [
  { value: 'clinical', label: 'Clinical', checked: true },
  { value: 'technical', label: 'Technical', hint: 'Smartcards, worklists and integration' },
  { value: 'governance', label: 'Governance', checked: true },
];

const GALLERY: Record<string, GalleryPage> = {
  home: {
    title: 'Overview',
    hasErrors: false,
    user,
    navigation: navigation('Overview'),
    model: {
      heading: 'Overview',
      breadcrumbs: [
        { href: '/gallery/home', label: 'Home' },
        { href: '/gallery/content', label: 'Organisations' },
      ],
    },
  },
  forms: {
    title: 'Form controls',
    hasErrors: false,
    user,
    navigation: navigation('Reports'),
    model: {
      heading: 'Form controls',
      form: {
        organisationName: 'Leeds Teaching Hospitals',
        email: 'kim.davies@nhs.net',
        hostile: HOSTILE,
        notes: 'Worklists agreed.',
        goLiveDay: '15',
        goLiveMonth: '3',
        goLiveYear: '2027',
      },
      typeOptions,
      decisionOptions,
      yesNo: [
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No' },
      ],
      areaOptions,
    },
  },
  'forms-with-errors': {
    title: 'Form controls',
    hasErrors: true,
    user,
    navigation: navigation('Reports'),
    model: {
      heading: 'Form controls',
      form: { email: 'not-an-email' },
      typeOptions: typeOptions.map((o) => ({ ...o, selected: false })),
      decisionOptions: decisionOptions.map(({ checked: _, ...o }) => o),
      areaOptions: areaOptions.map(({ checked: _, ...o }) => o),
      errors: [
        { field: 'organisationName', message: 'Enter the organisation name' },
        { field: 'email', message: 'Enter an email address in the correct format, like name@nhs.net' },
        { field: 'password', message: 'Enter a password' },
        { field: 'notes', message: 'Notes must be 2,000 characters or fewer' },
        { field: 'type', message: 'Select the organisation type' },
        { field: 'decision', message: 'Select whether the step is complete' },
        { field: 'areas', message: 'Select at least one area' },
        { field: 'goLive-day', message: 'Go-live date must be a real date' },
      ],
    },
  },
  content: {
    title: 'Leeds Teaching Hospitals',
    hasErrors: false,
    user,
    navigation: navigation('Organisations'),
    model: {
      heading: 'Leeds Teaching Hospitals',
      answers: [
        { key: 'Organisation name', value: 'Leeds Teaching Hospitals NHS Trust', href: '/gallery/forms#organisationName', actionHidden: 'organisation name' },
        { key: 'ODS code', value: 'RR8' },
        { key: 'Go-live date', value: '15 March 2027', href: '/gallery/forms#goLive-day', actionLabel: 'Change', actionHidden: 'go-live date' },
      ],
      facts: [
        { key: 'Type', value: 'Acute trust' },
        { key: 'Contact', value: 'kim.davies@nhs.net' },
      ],
      stepHead: ['Step', 'Owner', 'Status', { text: 'Days left', numeric: true }, 'Due'],
      stepRows: [
        [
          { text: 'Agree worklists', href: '/gallery/forms' },
          { text: 'Kim Davies' },
          { tag: { label: 'In progress', colour: 'blue' } },
          { text: '3', numeric: true },
          { text: '7 December 2026' },
        ],
        [
          { text: 'Smartcard readiness' },
          { text: 'Sam Patel' },
          { tag: { label: 'Blocked', colour: 'red' } },
          { text: '0', numeric: true },
          { text: '4 December 2026' },
        ],
        [
          { text: 'Directory of Services entries' },
          { text: 'Alex Morgan' },
          { tag: { label: 'Complete', colour: 'green' } },
          { text: '12', numeric: true },
          { text: '16 December 2026' },
        ],
      ],
      plainHead: ['Area', 'Steps'],
      plainRows: [[{ text: 'Clinical' }, { text: '14' }]],
      tags: ['white', 'grey', 'green', 'aqua-green', 'blue', 'purple', 'pink', 'red', 'orange', 'yellow'].map((colour) => ({ colour, label: colour })),
      tasks: [
        { href: '/gallery/forms', title: 'Agree worklists', status: { label: 'Completed' } },
        {
          href: '/gallery/forms',
          title: 'Smartcard readiness',
          hint: 'Registration authority and card readers',
          status: { label: 'In progress', colour: 'blue' },
        },
        { title: 'Go live', status: { label: 'Cannot start yet' } },
      ],
      previous: { href: '/gallery/forms', label: 'Form controls' },
      next: { href: '/gallery/confirmation', label: 'Confirmation' },
    },
  },
  confirmation: {
    title: 'Sign-off requested',
    hasErrors: false,
    user,
    navigation: navigation('Organisations'),
    model: { next: { href: '/gallery/home', label: 'Overview' } },
  },
  'signed-out': { title: 'Sign in', hasErrors: false, user: null, navigation: [], model: {} },
};

/**
 * The server's rendering, rebuilt for the test: Handlebars.create(), our helpers, partials by file name
 * compiled non-strict (their optional parameters may be absent), pages and the layout strict. Both with
 * explicitPartialContext: without it a partial called with only a hash also sees every field of the
 * page that calls it, and a page's own `heading`, `title`, `error` or `hint` turns up in a partial that
 * was not given one (the gallery showed the page's heading as a banner's heading).
 */
function buildViews() {
  const hb = Handlebars.create();
  hb.registerHelper(handlebarsHelpers('Europe/London'));
  for (const file of readdirSync(PARTIALS).filter((f) => f.endsWith('.hbs'))) {
    hb.registerPartial(basename(file, '.hbs'), hb.compile(readFileSync(join(PARTIALS, file), 'utf8'), { strict: false, explicitPartialContext: true }));
  }
  const strict = { strict: true, explicitPartialContext: true };
  const layout = hb.compile(readFileSync(join(WEB, 'layout.hbs'), 'utf8'), strict);
  const pages = Object.fromEntries(Object.keys(GALLERY).map((name) => [name, hb.compile(readFileSync(join(GALLERY_DIR, `${name}.hbs`), 'utf8'), strict)]));
  return {
    page(name: string, nonce: string): string {
      const { model, ...shell } = GALLERY[name];
      return layout({ ...shell, nonce, csrfToken: CSRF, body: pages[name]({ ...model, csrfToken: CSRF }) });
    },
    /** The layout around raw HTML: for the pages that prove the harness fails. */
    shell(title: string, nonce: string, body: string): string {
      return layout({ title, hasErrors: false, nonce, user, navigation: navigation('Overview'), csrfToken: CSRF, body });
    },
  };
}

/** Pages that break one rule each, so each check is seen to fail. */
const BROKEN: Record<string, (nonce: string) => string> = {
  inaccessible: () => '<h1>Broken</h1><img src="/assets/images/nhsuk-icon-180.png"><input type="text" name="nameless">',
  'too-wide': () => '<h1>Too wide</h1><svg width="1200" height="20" aria-hidden="true" focusable="false"></svg>',
  'throws-in-the-console': (nonce) => `<h1>Throws</h1><script nonce="${nonce}">throw new Error('broken on purpose')</script>`,
  'missing-image': () => '<h1>Missing image</h1><img src="/assets/images/no-such-image.png" alt="A picture that is not there">',
};

function csp(nonce: string): string {
  // What the app's helmet sends: scripts only with the nonce, styles only from files. Fonts are allowed
  // from NHS.UK's font host (the browser context blocks the requests themselves).
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' https://assets.nhs.uk",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

interface Posted {
  path: string;
  body: string;
}

function startServer(views: ReturnType<typeof buildViews>, posted: Posted[]): Promise<Server> {
  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
    res.end(body);
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        posted.push({ path, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(303, { location: '/gallery/home' });
        res.end();
      });
      return;
    }
    const nonce = randomBytes(16).toString('base64');
    const page = /^\/gallery\/([a-z-]+)$/.exec(path)?.[1];
    if (page && Object.hasOwn(GALLERY, page))
      return send(res, 200, 'text/html; charset=utf-8', views.page(page, nonce), { 'content-security-policy': csp(nonce) });
    // A page whose document answers 404 by design, as Onramp's "Page not found" does.
    if (path === '/not-found')
      return send(res, 404, 'text/html; charset=utf-8', views.shell('Page not found', nonce, '<h1>Page not found</h1>'), {
        'content-security-policy': csp(nonce),
      });
    const broken = /^\/broken\/([a-z-]+)$/.exec(path)?.[1];
    if (broken && Object.hasOwn(BROKEN, broken)) {
      return send(res, 200, 'text/html; charset=utf-8', views.shell(broken, nonce, BROKEN[broken](nonce)), { 'content-security-policy': csp(nonce) });
    }
    let file = Object.hasOwn(STATIC, path) ? STATIC[path] : undefined;
    if (!file && path.startsWith('/assets/')) {
      const candidate = resolve(ASSETS, `.${path.slice('/assets'.length)}`);
      if (candidate.startsWith(ASSETS + sep)) file = candidate;
    }
    if (file && statSync(file, { throwIfNoEntry: false })?.isFile())
      return send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file));
    send(res, 404, 'text/plain', 'Not found');
  };
  return new Promise((ok) => {
    const server = createServer(handle).listen(0, '127.0.0.1', () => ok(server));
  });
}

/** Every .hbs file under a folder, as paths relative to it. */
function templatesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.hbs'))
    .map((f) => f.split(sep).join('/'));
}

/** In-page checks of id references, run as a string: this project's TypeScript has no DOM types. */
const ID_REFERENCE_PROBLEMS = `(() => {
  const problems = [];
  const seen = new Map();
  for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
  for (const [id, n] of seen) if (n > 1) problems.push('id "' + id + '" is used ' + n + ' times');
  for (const attr of ['aria-describedby', 'aria-labelledby', 'aria-controls', 'for']) {
    for (const el of document.querySelectorAll('[' + attr + ']')) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) problems.push(el.tagName.toLowerCase() + ' ' + attr + '="' + id + '" names no element');
      }
    }
  }
  return problems;
})()`;

// Keyboard walks press Tab dozens of times; beside the crawl and the journeys on two busy cores a
// step can take a second, so a test gets longer than Jest's default (it is not a speed assertion).
jest.setTimeout(180_000);

describe('NHS.UK frontend 10 layout and partials in Chromium', () => {
  const posted: Posted[] = [];
  let server: Server;
  let browser: Browser;
  let withJs: BrowserContext;
  let withoutJs: BrowserContext;
  let baseUrl: string;

  beforeAll(async () => {
    server = await startServer(buildViews(), posted);
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    withJs = await newContext(browser, baseUrl);
    withoutJs = await newContext(browser, baseUrl, { pageScripts: false });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  async function open(context: BrowserContext, path: string): Promise<Page> {
    const page = await context.newPage();
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    return page;
  }

  describe.each(Object.keys(GALLERY))('the %s gallery page', (name) => {
    it.each([
      ['with JavaScript', () => withJs],
      ['without JavaScript', () => withoutJs],
    ])('%s: has no axe violations, no console errors, no broken id references, and reflows', async (_, context) => {
      const page = await open(context(), `/gallery/${name}`);
      try {
        await expectAccessible(page, name);
        expect(await page.evaluate<string[]>(ID_REFERENCE_PROBLEMS)).toEqual([]);
        await expectReflows(page);
        await expectAccessible(page, `${name}, after resizing`);
        expectNoConsoleErrors(page);
      } finally {
        await page.close();
      }
    });
  });

  describe('the layout', () => {
    it('titles the page "<title> – Onramp", and "Error: …" when the page has errors', async () => {
      const page = await open(withJs, '/gallery/forms');
      expect(await page.title()).toBe('Form controls – Onramp');
      await page.goto('/gallery/forms-with-errors');
      expect(await page.title()).toBe('Error: Form controls – Onramp');
      await page.close();
    });

    it('runs nhsuk-frontend: the body is marked supported and the password toggle appears only then', async () => {
      const js = await open(withJs, '/gallery/forms');
      expect(await js.evaluate<boolean>("document.body.classList.contains('nhsuk-frontend-supported')")).toBe(true);
      const toggle = js.getByRole('button', { name: 'Show password' });
      await expect(toggle.isVisible()).resolves.toBe(true);
      await toggle.click();
      expect(await js.locator('#password').getAttribute('type')).toBe('text');
      expectNoConsoleErrors(js);
      await js.close();

      const plain = await open(withoutJs, '/gallery/forms');
      expect(await plain.evaluate<string>('document.body.className')).toBe('');
      expect(await plain.locator('#password').getAttribute('type')).toBe('password');
      expect(await plain.locator('.nhsuk-password-input__toggle').isHidden()).toBe(true);
      await plain.close();
    });

    it('marks the current navigation item, and shows no account or navigation when signed out', async () => {
      const page = await open(withJs, '/gallery/content');
      expect(await page.locator('[aria-current="page"]').allTextContents()).toEqual(['Organisations']);
      expect(await page.getByRole('link', { name: 'Kim Davies' }).getAttribute('href')).toBe('/account');
      expect(await page.locator('footer').innerText()).toContain('Onramp: guided onboarding for the NHS e-Referral Service');
      await page.goto('/gallery/signed-out');
      expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
      expect(await page.getByRole('navigation', { name: 'Menu' }).count()).toBe(0);
      await page.close();
    });
  });

  describe('keyboard', () => {
    it.each([
      ['with JavaScript', () => withJs],
      ['without JavaScript', () => withoutJs],
    ])('%s: the skip link is the first Tab stop and takes focus into main', async (how, context) => {
      const page = await open(context(), '/gallery/home');
      await page.keyboard.press('Tab');
      expect(await page.evaluate<string>('document.activeElement.textContent.trim()')).toBe('Skip to main content');
      await expectFocusVisible(page);
      await page.keyboard.press('Enter');
      if (how === 'with JavaScript') {
        // v10's skip link script focuses main itself.
        expect(await page.evaluate<string>('document.activeElement.id')).toBe('maincontent');
      }
      // Either way the next Tab stop is inside main, past the header.
      await page.keyboard.press('Tab');
      expect(await page.evaluate<boolean>("document.activeElement.closest('main') !== null")).toBe(true);
      await page.close();
    });

    it('reaches the sign-out button by Tab, shows focus on it, and signs out with the CSRF token without JavaScript', async () => {
      const page = await open(withoutJs, '/gallery/home');
      await tabTo(page, 'Sign out');
      await expectFocusVisible(page);
      await Promise.all([page.waitForResponse((r) => r.url().endsWith('/sign-out')), page.keyboard.press('Enter')]);
      expect(posted.at(-1)).toEqual({ path: '/sign-out', body: `_csrf=${CSRF}` });
      await page.close();
    });

    it.each(['home', 'forms', 'content'])('shows a focus indicator at every Tab stop on the %s page', async (name) => {
      const page = await open(withJs, `/gallery/${name}`);
      const stops: string[] = [];
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        const id = await page.evaluate<string>("document.activeElement === document.body ? '' : document.activeElement.outerHTML.slice(0, 80)");
        if (!id || stops.includes(id)) break;
        stops.push(id);
        await expectFocusVisible(page);
      }
      expect(stops.length).toBeGreaterThan(5);
      await page.close();
    });

    const errors = GALLERY['forms-with-errors'].model.errors as { field: string; message: string }[];
    // With JavaScript v10's error summary focuses the field itself; without, the link's fragment does.
    it.each(errors.flatMap((e) => [true, false].map((js) => [e.field, js ? 'with' : 'without', e.message, js] as const)))(
      'the error summary link for %s focuses that field %s JavaScript',
      async (field, _how, message, js) => {
        const page = await open(js ? withJs : withoutJs, '/gallery/forms-with-errors');
        await tabTo(page, message);
        await page.keyboard.press('Enter');
        expect(await page.evaluate<string>('document.activeElement.id')).toBe(field);
        await expectFocusVisible(page);
        await page.close();
      },
    );
  });

  describe('what the partials render', () => {
    it('escapes every value: markup in data is shown as text, never parsed', async () => {
      const page = await open(withJs, '/gallery/forms');
      expect(await page.locator('#notHtml').inputValue()).toBe(HOSTILE);
      expect(await page.locator('main img, main b').count()).toBe(0);
      expect(await page.evaluate<unknown>('window.hacked')).toBeUndefined();
      await page.close();
    });

    it("gives a partial only its own parameters, never the calling page's fields", async () => {
      // The content page's model has a heading; the first banner and the first callout are given none.
      const page = await open(withoutJs, '/gallery/content');
      expect(await page.locator('.nhsuk-notification-banner').first().locator('.nhsuk-notification-banner__heading').textContent()).toContain(
        'The checklist was updated',
      );
      expect((await page.locator('.nhsuk-card--warning .nhsuk-card__heading').first().textContent())?.trim()).toBe('Important');
      await page.close();
    });

    it('keeps checked and selected options, values and date parts', async () => {
      const page = await open(withoutJs, '/gallery/forms');
      expect(await page.locator('#type').inputValue()).toBe('acute');
      expect(await page.locator('input[name="decision"]:checked').getAttribute('value')).toBe('no');
      expect(await page.locator('input[name="areas"]:checked').evaluateAll((els) => els.map((e) => e.getAttribute('value')))).toEqual([
        'clinical',
        'governance',
      ]);
      expect(await page.locator('#notes').inputValue()).toBe('Worklists agreed.');
      expect([
        await page.locator('#goLive-day').inputValue(),
        await page.locator('#goLive-month').inputValue(),
        await page.locator('#goLive-year').inputValue(),
      ]).toEqual(['15', '3', '2027']);
      expect(await page.locator('#odsCode').getAttribute('spellcheck')).toBe('false');
      expect(await page.locator('form[action="/gallery/forms"] input[name="_csrf"]').inputValue()).toBe('passed-explicitly');
      await page.close();
    });

    it('describes each errored control by its hint and its error, with v10 error classes', async () => {
      const page = await open(withoutJs, '/gallery/forms-with-errors');
      expect(await page.locator('#organisationName').getAttribute('aria-describedby')).toBe('organisationName-hint organisationName-error');
      expect(await page.locator('#password').getAttribute('aria-describedby')).toBe('password-error');
      expect((await page.locator('#organisationName-error').textContent())?.replace(/\s+/g, ' ').trim()).toBe('Error: Enter the organisation name');
      expect(await page.locator('.nhsuk-form-group--error').count()).toBeGreaterThanOrEqual(8);
      expect(await page.locator('.nhsuk-input--error, .nhsuk-textarea--error, .nhsuk-select--error').count()).toBe(8);
      await page.close();
    });
  });

  describe('the harness itself fails when a page is wrong', () => {
    it('expectAccessible throws naming the broken rules: an image without alt text and an input without a label', async () => {
      const page = await open(withJs, '/broken/inaccessible');
      const error = await expectAccessible(page).then(
        () => null,
        (e: Error) => e,
      );
      expect(error?.message).toMatch(/image-alt \(critical\)/);
      expect(error?.message).toMatch(/\blabel \(critical\)/);
      expect(error?.message).toContain(`${baseUrl}/broken/inaccessible`);
      expect(error?.message).toContain('<img src="/assets/images/nhsuk-icon-180.png">');
      await page.close();
    });

    it('expectReflows throws naming the element that widens the page', async () => {
      const page = await open(withJs, '/broken/too-wide');
      await expect(expectReflows(page)).rejects.toThrow(/at 320 px: the page is \d+ px wide in a 320 px viewport; widest: svg/);
      expect(page.viewportSize()).toEqual({ width: 1280, height: 720 });
      await page.close();
    });

    it('expectNoConsoleErrors throws on an uncaught exception in the page', async () => {
      const page = await open(withJs, '/broken/throws-in-the-console');
      await page.waitForFunction('true');
      expect(consoleErrorsOf(page).join('\n')).toContain('broken on purpose');
      expect(() => expectNoConsoleErrors(page)).toThrow(/uncaught Error: broken on purpose/);
      await page.close();
    });

    it('expectNoConsoleErrors throws on a resource the page cannot load, but not on a page whose own status is 404', async () => {
      const missing = await open(withJs, '/broken/missing-image');
      await missing.waitForLoadState('load');
      expect(() => expectNoConsoleErrors(missing)).toThrow(/status of 404 \(Not Found\) \(.*\/assets\/images\/no-such-image\.png\)/);
      await missing.close();

      const notFound = await withJs.newPage();
      expect((await notFound.goto('/not-found'))?.status()).toBe(404);
      await notFound.waitForLoadState('load');
      expect(consoleErrorsOf(notFound)).toEqual([]);
      await notFound.close();
    });

    it('tabTo throws listing where focus went when the name is never reached', async () => {
      const page = await open(withJs, '/gallery/signed-out');
      await expect(tabTo(page, 'No such control', 10)).rejects.toThrow(
        /10 presses of Tab .* never focused No such control; focus went to: Skip to main content → NHS Onramp homepage/,
      );
      await page.close();
    });
  });

  describe('the templates as files', () => {
    const files = templatesUnder(WEB);
    const partials = readdirSync(PARTIALS).filter((f) => f.endsWith('.hbs'));

    it('has no unescaped output anywhere in templates/web except {{{body}}} in layout.hbs', () => {
      const found = files.flatMap((f) => {
        const text = readFileSync(join(WEB, f), 'utf8');
        return [...text.matchAll(/\{\{\{[^}]*\}\}\}|\{\{~?\s*&/g)].map((m) => `${f}: ${m[0]}`);
      });
      expect(found).toEqual(['layout.hbs: {{{body}}}']);
    });

    it('documents each partial with a usage comment naming it', () => {
      const undocumented = partials.filter((f) => !readFileSync(join(PARTIALS, f), 'utf8').startsWith(`{{!-- usage: {{> ${basename(f, '.hbs')}`));
      expect(undocumented).toEqual([]);
    });

    it('shows every partial in the gallery', () => {
      const used = new Set(
        readdirSync(GALLERY_DIR).flatMap((f) => [...readFileSync(join(GALLERY_DIR, f), 'utf8').matchAll(/\{\{>\s*([a-z-]+)/g)].map((m) => m[1])),
      );
      expect(partials.map((p) => basename(p, '.hbs')).filter((p) => !used.has(p))).toEqual([]);
    });
  });
});
