import { AssertionError } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type ElementHandle, type Page } from 'playwright-core';

/*
 * A real Chromium for e2e specs (Debian's chromium, driven by playwright-core), with the checks every
 * page must pass: axe-core at WCAG 2.2 AA plus best practice, no console errors, reflow at 320 px and
 * at 200% zoom, and keyboard access. Each check throws with what it found, so a failure names the rule,
 * the element and the page.
 */

/** NHS.UK frontend's CSS loads Frutiger from here; the font is not ours to fetch, and tests never wait on the internet. */
const BLOCKED = 'https://assets.nhs.uk/';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

// The functions below that run inside the page see the browser's globals; this project's TypeScript has
// no DOM library (adding one would retype Node's timers everywhere), so the few used are declared here.
interface InPageStyle {
  outlineStyle: string;
  outlineWidth: string;
  outlineColor: string;
  boxShadow: string;
  overflowX: string;
  content: string;
}
interface InPageElement {
  tagName: string;
  id: string;
  className: unknown;
  textContent: string | null;
  parentElement: InPageElement | null;
  labels?: ArrayLike<InPageElement> | null;
  value?: string;
  type?: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  getBoundingClientRect(): { right: number; width: number };
}
interface AxeNode {
  target: unknown[];
  html: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}
declare const document: {
  activeElement: InPageElement | null;
  body: InPageElement;
  documentElement: { scrollWidth: number };
  getElementById(id: string): InPageElement | null;
  querySelectorAll(selector: string): ArrayLike<InPageElement>;
};
declare const window: { innerWidth: number; getComputedStyle(element: InPageElement, pseudo?: string): InPageStyle; axe?: unknown };
declare const axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };

/** Debian's Chromium (or CHROMIUM_PATH). A missing browser fails the run with how to install it: browser specs never skip. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `Browser tests need Chromium, and there is none at ${executablePath}. ` +
        `Install it (Debian/Ubuntu: apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable.`,
    );
  }
  return chromium.launch({ executablePath, args: ['--no-sandbox'] });
}

interface ConsoleError {
  kind: 'uncaught' | 'console.error';
  text: string;
  /** The console message's source URL. */
  url: string;
}
const consoleErrors = new WeakMap<Page, ConsoleError[]>();
/** Each document the page's main frame loaded, as "<status> <url>". */
const documentStatuses = new WeakMap<Page, Set<string>>();
const FAILED_LOAD = /^Failed to load resource: the server responded with a status of (\d+)/;

function watch(page: Page): void {
  const errors: ConsoleError[] = [];
  const documents = new Set<string>();
  consoleErrors.set(page, errors);
  documentStatuses.set(page, documents);
  page.on('pageerror', (e) => errors.push({ kind: 'uncaught', text: `${e.name}: ${e.message}`, url: page.url() }));
  page.on('response', (r) => {
    if (r.request().resourceType() === 'document' && r.frame() === page.mainFrame()) documents.add(`${r.status()} ${r.url()}`);
  });
  page.on('console', (m) => {
    // Requests to the blocked font host fail by design, and Chromium logs each as a console error.
    if (m.type() === 'error' && !m.location().url.startsWith(BLOCKED))
      errors.push({ kind: 'console.error', text: m.text(), url: m.location().url || page.url() });
  });
}

/**
 * Chromium logs "Failed to load resource: … status of 404" for a page whose document itself answers
 * 4xx, such as "Page not found" or a form re-shown with its errors (400): that is the page's status,
 * which the specs assert, not a fault in the page. The same message for anything else the page loads
 * (a stylesheet, a script, an image) stays an error. Told apart when asked, not as messages arrive,
 * since the response and the console message of one document come in either order.
 */
function isDocumentStatus(page: Page, error: ConsoleError): boolean {
  const status = FAILED_LOAD.exec(error.text)?.[1];
  return status !== undefined && (documentStatuses.get(page)?.has(`${status} ${error.url}`) ?? false);
}

export interface ContextOptions extends BrowserContextOptions {
  /**
   * false: the pages' own scripts never run (every `<script>` is taken out of each HTML document and
   * script requests are refused), so pages are seen as a browser without JavaScript sees them, while
   * the harness can still run axe. Use this rather than `javaScriptEnabled: false`, under which
   * timers never fire and axe never finishes.
   */
  pageScripts?: boolean;
}

const scriptsDisabled = new WeakSet<BrowserContext>();

/**
 * A context whose relative URLs go to `baseUrl`, with NHS.UK's font host blocked (pages would otherwise
 * wait seconds on fonts that cannot be fetched) and every page's console errors and uncaught exceptions
 * collected for {@link expectNoConsoleErrors}. Other options pass through to Playwright.
 */
export async function newContext(browser: Browser, baseUrl: string, opts: ContextOptions = {}): Promise<BrowserContext> {
  const { pageScripts = true, ...options } = opts;
  const context = await browser.newContext({ ...options, baseURL: baseUrl });
  if (options.javaScriptEnabled === false) scriptsDisabled.add(context);
  await context.route(`${BLOCKED}**`, (route) => route.abort());
  if (!pageScripts) {
    await context.route('**/*', async (route) => {
      const request = route.request();
      if (request.resourceType() === 'script') return route.abort();
      if (request.resourceType() !== 'document' || request.method() !== 'GET') return route.fallback();
      // Redirects go back to the browser, which follows them (and the next document comes through here).
      const response = await route.fetch({ maxRedirects: 0 });
      if (!(response.headers()['content-type'] ?? '').includes('text/html')) return route.fulfill({ response });
      const html = (await response.text()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
      return route.fulfill({ response, body: html });
    });
  }
  context.on('page', watch);
  return context;
}

/**
 * The console errors and uncaught exceptions seen on `page` so far (its whole life, across
 * navigations), except Chromium's report of a document's own 4xx or 5xx status (see isDocumentStatus).
 */
export function consoleErrorsOf(page: Page): readonly string[] {
  const errors = consoleErrors.get(page);
  if (!errors) throw new Error('This page was not opened in a context from newContext(), so its console is not being watched');
  return errors
    .filter((e) => !(e.kind === 'console.error' && isDocumentStatus(page, e)))
    .map((e) => (e.kind === 'uncaught' ? `uncaught ${e.text}` : `console.error: ${e.text} (${e.url})`));
}

export function expectNoConsoleErrors(page: Page): void {
  const errors = consoleErrorsOf(page);
  if (errors.length) throw new AssertionError({ message: `${errors.length} console error(s) on ${page.url()}:\n${errors.map((e) => `  - ${e}`).join('\n')}` });
}

/**
 * Runs axe-core on the page at WCAG 2.0–2.2 A/AA and best practice, and requires zero violations.
 * axe is injected by evaluation rather than `page.addScriptTag`: the app's nonce-based CSP refuses an
 * inline script tag (and logs a CSP console error), while evaluation through the DevTools protocol is
 * not subject to the page's CSP.
 */
export async function expectAccessible(page: Page, label?: string): Promise<void> {
  if (scriptsDisabled.has(page.context())) {
    throw new Error('axe cannot run in a context with javaScriptEnabled: false (timers never fire there); use newContext(…, { pageScripts: false })');
  }
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (values) => {
    const result = await axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.length,
      examples: v.nodes.slice(0, 5).map((n) => ({ target: n.target.map(String).join(' '), html: n.html })),
    }));
  }, AXE_TAGS);
  if (!violations.length) return;
  const where = `${page.url()}${label ? ` (${label})` : ''}`;
  const lines = violations.flatMap((v) => [
    `- ${v.id} (${v.impact ?? 'no impact given'}): ${v.help} [${v.nodes} element(s)] ${v.helpUrl}`,
    ...v.examples.map((e) => `    ${e.target}: ${e.html.replace(/\s+/g, ' ').slice(0, 300)}`),
  ]);
  throw new AssertionError({ message: `axe found ${violations.length} accessibility violation(s) on ${where}:\n${lines.join('\n')}` });
}

async function horizontalOverflow(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= width + 1) return null;
    // Reading scrollWidth has made the browser lay out at the new size (no animation frame needed, and
    // none runs with JavaScript disabled). For the message: the widest elements past the viewport,
    // skipping those inside something that scrolls or clips them (up to body: html's overflow-y makes
    // its overflow-x compute to auto).
    const clipped = (el: InPageElement) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (window.getComputedStyle(p).overflowX !== 'visible') return true;
      return false;
    };
    const culprits = Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !clipped(el))
      .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
      .slice(0, 5)
      .map((el) => {
        const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`;
      });
    return `the page is ${scrollWidth} px wide in a ${width} px viewport; widest: ${culprits.join(', ') || 'none found outside scrolling containers'}`;
  });
}

/**
 * No horizontal scrolling of the page (WCAG 1.4.10 reflow and 1.4.4 resize text), in two conditions:
 * - 320 × 640 CSS px (a 1280 px screen at 400%, the width WCAG names);
 * - a 1280 × 720 screen at 200% zoom. Browser zoom is emulated as Chromium's own zoom behaves: the
 *   layout viewport becomes 640 × 360 CSS px and devicePixelRatio 2 (DevTools' device-metrics override).
 *   CSS `zoom: 2` on the root would not be faithful: media queries would still see 1280 px, so the desktop
 *   layout would be drawn twice as large and overflow where a zoomed browser switches to the narrow layout.
 * The viewport is restored afterwards.
 */
export async function expectReflows(page: Page): Promise<void> {
  const original = page.viewportSize();
  const problems: string[] = [];
  const cdp = await page.context().newCDPSession(page);
  try {
    await page.setViewportSize({ width: 320, height: 640 });
    const at320 = await horizontalOverflow(page);
    if (at320) problems.push(`at 320 px: ${at320}`);

    await cdp.send('Emulation.setDeviceMetricsOverride', { width: 640, height: 360, deviceScaleFactor: 2, mobile: false });
    const zoomed = await horizontalOverflow(page);
    if (zoomed) problems.push(`at 200% zoom (1280 × 720 screen): ${zoomed}`);
  } finally {
    await cdp.send('Emulation.clearDeviceMetricsOverride');
    await cdp.detach();
    if (original) await page.setViewportSize(original);
  }
  if (problems.length) throw new AssertionError({ message: `${page.url()} does not reflow:\n${problems.map((p) => `  - ${p}`).join('\n')}` });
}

/** The focused element's accessible name, roughly as assistive technology computes it (aria-labelledby, aria-label, label, value, text). */
export async function focusedName(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
    const labelledBy = el.getAttribute('aria-labelledby');
    if (labelledBy) {
      return clean(
        labelledBy
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      );
    }
    const ariaLabel = el.getAttribute('aria-label');
    if (ariaLabel) return clean(ariaLabel);
    const labels = el.labels ? Array.from(el.labels) : [];
    if (labels.length) return clean(labels.map((l) => l.textContent).join(' '));
    if (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(el.type ?? '')) return clean(el.value);
    return clean(el.textContent) || clean(el.getAttribute('title')) || `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}>`;
  });
}

const matches = (actual: string, wanted: string | RegExp) => (typeof wanted === 'string' ? actual === wanted : wanted.test(actual));

/**
 * Presses Tab until the focused element's accessible name is `name` (a string matches exactly, after
 * collapsing whitespace) and returns that element. Throws with every stop it made if `max` presses
 * do not get there.
 */
export async function tabTo(page: Page, name: string | RegExp, max = 60): Promise<ElementHandle> {
  const stops: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const current = await focusedName(page);
    stops.push(current ?? '(the page itself)');
    if (current !== null && matches(current, name)) {
      const handle = (await page.evaluateHandle(() => document.activeElement)).asElement();
      if (handle) return handle;
    }
  }
  throw new AssertionError({ message: `${max} presses of Tab on ${page.url()} never focused ${String(name)}; focus went to: ${stops.join(' → ')}` });
}

/**
 * The focused element shows where focus is: a visible outline (not none, not zero width, not
 * transparent, as NHS.UK links' 4px transparent outline is) or a box-shadow, on the element, its
 * ::before/::after, or (for radios and checkboxes, whose input is invisible) its label's pseudo-elements.
 */
export async function expectFocusVisible(page: Page): Promise<void> {
  const result = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { ok: false, what: 'nothing is focused' };
    const transparent = (colour: string) => /^transparent$|rgba\(.*,\s*0\)$/.test(colour);
    const shows = (target: InPageElement, pseudo?: string) => {
      const s = window.getComputedStyle(target, pseudo);
      if (pseudo && (s.content === 'none' || s.content === 'normal')) return false;
      const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && !transparent(s.outlineColor);
      return outline || (s.boxShadow !== 'none' && s.boxShadow !== '');
    };
    const candidates: [InPageElement, string | undefined][] = [
      [el, undefined],
      [el, '::before'],
      [el, '::after'],
    ];
    for (const label of el.labels ? Array.from(el.labels) : []) candidates.push([label, '::before'], [label, '::after']);
    const what = `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}> "${(el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60)}"`;
    return { ok: candidates.some(([target, pseudo]) => shows(target, pseudo)), what };
  });
  if (!result.ok) throw new AssertionError({ message: `No visible focus indicator on ${page.url()}: ${result.what} has no outline or box-shadow` });
}

/**
 * Presses Tab from where focus is now through every tab stop of the page, until focus leaves the
 * document or comes back round to the first stop, and requires each stop to show a visible focus
 * indicator ({@link expectFocusVisible}). Returns the stops' accessible names in order. Load the page
 * afresh first to start from its top. Each stop is marked with a data-tab-stop attribute to see the
 * wrap.
 */
export async function expectFocusVisibleAtEveryTabStop(page: Page, max = 100): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const seen = await page.evaluate((n) => {
      const el = document.activeElement;
      if (!el || el === document.body) return 'left';
      if (el.getAttribute('data-tab-stop') !== null) return 'wrapped';
      el.setAttribute('data-tab-stop', String(n));
      return 'new';
    }, i);
    if (seen !== 'new') {
      if (!names.length) throw new AssertionError({ message: `Tab focused nothing on ${page.url()}` });
      return names;
    }
    names.push((await focusedName(page)) ?? '(unnamed)');
    await expectFocusVisible(page);
  }
  throw new AssertionError({ message: `${max} presses of Tab on ${page.url()} never left the page or came back round: ${names.join(' → ')}` });
}
