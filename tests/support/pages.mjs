// What the browser tests share: the public pages, a page that records console
// errors, and the axe-core check (WCAG 2.1 A and AA rules).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const BANNER_TEXT = 'An official website of the United States government';

/** Every page a person can reach without signing in, with its heading. */
export const PUBLIC_PAGES = [
  { path: '/', heading: 'National Registry of Certified Medical Examiners' },
  { path: '/help', heading: 'National Registry Support' },
  { path: '/help/login-gov', heading: 'What is login.gov and why do I have to create an account?' },
  { path: '/help/how-to-sign-in', heading: 'How to sign in' },
  { path: '/help/contact', heading: 'Contact the help desk' },
  { path: '/sign-in', heading: 'Sign in' },
  { path: '/no/such/page', heading: 'Page not found' },
];

/**
 * A new page whose console errors and uncaught exceptions are collected in
 * `errors`, and whose goto, reload and back/forward return once the app runs
 * the page (see `appIsLive`), as a person waits for it before they click.
 */
export async function openPage(context) {
  const page = await context.newPage();
  for (const name of ['goto', 'reload', 'goBack', 'goForward']) {
    const navigate = page[name].bind(page);
    page[name] = async (...args) => {
      const response = await navigate(...args);
      await appIsLive(page);
      return response;
    };
  }
  const errors = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

/**
 * Waits until the app runs the page: a page made at build time shows at once,
 * but its buttons work only once the app has taken it over.
 */
export async function appIsLive(page) {
  await page.locator('html[data-app="live"]').waitFor({ state: 'attached' });
}

/** The page's h1, once the app has rendered it. */
export async function heading(page) {
  await appIsLive(page);
  const h1 = page.getByRole('heading', { level: 1 });
  await h1.waitFor();
  return (await h1.textContent()).trim();
}

/** A demo staff member (`name`, as the stand-in lists them) signs in with their card on the staff page of `origin`. */
export async function staffSignsIn(page, name, origin = process.env.APP_ORIGIN ?? 'http://127.0.0.1:8787') {
  await page.goto(`${origin}/staff`);
  assert.equal(await heading(page), 'National Registry staff');
  await page.getByRole('link', { name: 'Sign in with login.gov' }).click();
  await page.getByRole('button', { name: `Sign in as ${name}` }).click();
  await page.waitForURL(`${origin}/staff`);
  await page.getByText(/^Signed in as /).waitFor();
}

/** axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line each. */
export async function accessibilityViolations(page) {
  // Evaluated through DevTools, so the page's CSP (no inline script) still holds for the app.
  await page.evaluate(AXE_SOURCE);
  const { violations } = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), WCAG_21_AA);
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Waits until the element with this id has the focus (the app moves it on the next frame). */
export async function focusIsOn(page, id) {
  await page.waitForFunction((wanted) => document.activeElement?.id === wanted, id, { timeout: 5000 });
  return true;
}
