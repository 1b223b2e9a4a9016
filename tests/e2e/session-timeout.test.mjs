// No silent sign-out (WCAG 2.2.1): on a worker whose sessions idle out after
// 40 seconds (SESSION_IDLE_SECONDS; the warning comes 20 seconds before), in
// Chromium on a desktop and a phone. Signed in, a person doing nothing meets
// the warning (a modal dialog: focus inside it, axe clean); "Stay signed in"
// renews the session and the countdown starts again; doing nothing then signs
// them out, and the sign-in page says why. The staff side warns the same way.
// Nobody waits: the page's clock is the test's (Playwright's clock, which
// drives the warning's countdown), and where the registry's own clock must
// pass, the session's last use is moved back in KV, as the integration tests
// age a session.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { VIEWPORTS, launchChromium } from '../support/browser.mjs';
import { accessibilityViolations, heading, openPage } from '../support/pages.mjs';
import { freshEmail, seedAccounts } from '../support/registry.mjs';
import { SESSION_COOKIE, STAFF_COOKIE, loginGovPerson, storedSession } from '../support/sign-in.mjs';
import { logInAs } from '../support/wizard.mjs';

const SHORT = process.env.SHORT_SESSIONS_APP_ORIGIN ?? 'http://127.0.0.1:8796';
const IDLE_SECONDS = 40;
/** On the page's clock: past the moment the warning opens (20 seconds before the end). */
const UNTIL_THE_WARNING_MS = 21_000;
/** On the page's clock, from the warning: past the end and the page's grace before it asks the registry. */
const PAST_THE_END_MS = 22_000;

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

const warning = (page) => page.getByRole('dialog', { name: 'Your session is about to end' });

/**
 * The page's clock moved on by `ms`, once the warning is in the page (closed):
 * its countdown starts when the page has the session's time, after the
 * heading shows, and a clock moved on before that would move nothing.
 */
async function timePasses(page, ms) {
  await page.locator('dialog.registry-session-timeout').waitFor({ state: 'attached' });
  await page.clock.fastForward(ms);
}

/** The session's status and time left, read as the warning reads it: without renewing it. */
async function sessionTime(page, path = '/api/session/time') {
  return page.evaluate(async (url) => {
    const response = await fetch(url);
    return { status: response.status, time: response.ok ? await response.json() : null };
  }, `${SHORT}${path}`);
}

/** The session behind this browser's cookie, as KV keeps it. */
async function kept(context, cookie, kind) {
  const id = (await context.cookies(SHORT)).find((c) => c.name === cookie)?.value;
  assert.ok(id, `a ${cookie} cookie`);
  return storedSession(id, kind);
}

/** The session last used `seconds` ago by the registry's clock. */
function lastUsedAgo(stored, seconds) {
  stored.put({ ...stored.get(), last_seen_at: Math.floor(Date.now() / 1000) - seconds });
}

for (const [device, options] of Object.entries(VIEWPORTS)) {
  describe(`on a ${device}`, () => {
    test('the warning comes before an idle sign-out; Stay signed in keeps the session; doing nothing signs out, and the sign-in page says why', async () => {
      const email = freshEmail(`idle.${device}`);
      const [account] = seedAccounts([{ email, migration: 'migrated' }]);
      const person = await loginGovPerson(`Idle Examiner ${device} ${account.number}`, [email]);
      const context = await browser.newContext(options);
      await context.clock.install();
      const { page, errors } = await openPage(context);

      await page.goto(`${SHORT}/sign-in`);
      await heading(page);
      await logInAs(page, person);
      await page.waitForURL(`${SHORT}/sign-in/confirm`);
      await page.getByRole('button', { name: 'Yes, this is my account' }).click();
      await page.waitForURL(`${SHORT}/account`);
      assert.equal(await heading(page), 'My account');

      await timePasses(page, UNTIL_THE_WARNING_MS);
      await warning(page).waitFor();
      assert.match(await warning(page).textContent(), /you will be signed out in 0:\d\d/);
      const stay = warning(page).getByRole('button', { name: 'Stay signed in' });
      assert.ok(await stay.evaluate((button) => button === document.activeElement), 'focus moves into the warning');
      for (let i = 0; i < 3; i += 1) await page.keyboard.press('Tab');
      assert.ok(await warning(page).evaluate((dialog) => dialog.contains(document.activeElement)), 'focus stays in the warning');
      assert.deepEqual(await accessibilityViolations(page), [], 'the warning');

      // By the registry's clock too the session is near its end (reading the
      // time left renews nothing): "Stay signed in" renews it there.
      const session = await kept(context, SESSION_COOKIE, 'session');
      lastUsedAgo(session, IDLE_SECONDS - 15);
      const nearTheEnd = await sessionTime(page);
      assert.ok(nearTheEnd.time.ends_in_seconds <= 15, `${nearTheEnd.time.ends_in_seconds} s left before Stay signed in`);
      await stay.click();
      await warning(page).waitFor({ state: 'hidden' });
      const renewed = await sessionTime(page);
      assert.equal(renewed.status, 200);
      assert.ok(renewed.time.ends_in_seconds > IDLE_SECONDS - 5, `${renewed.time.ends_in_seconds} s left after it`);
      const lastUse = session.get().last_seen_at;

      // Nothing more is done: the countdown starts again, and its warning
      // comes; nothing the page did meanwhile renewed the session; then the
      // sign-out, with its reason.
      await timePasses(page, UNTIL_THE_WARNING_MS);
      await warning(page).waitFor();
      assert.match(await warning(page).textContent(), /you will be signed out in 0:1\d/);
      assert.equal(session.get().last_seen_at, lastUse, 'the idle page renewed nothing');
      lastUsedAgo(session, IDLE_SECONDS + 1);
      await timePasses(page, PAST_THE_END_MS);
      await page.waitForURL(`${SHORT}/sign-in?signed_out=idle`);
      await page.getByRole('status').filter({ hasText: 'You were signed out' }).waitFor();
      assert.equal((await sessionTime(page)).status, 401);
      assert.deepEqual(await accessibilityViolations(page), [], 'the sign-in page after an idle sign-out');
      assert.deepEqual(errors.filter((e) => !e.includes('401')), []);
      await context.close();
    });
  });
}

test('a staff member is warned the same way, and signed out to the staff page, which says why', async () => {
  const context = await browser.newContext(VIEWPORTS.desktop);
  await context.clock.install();
  const { page } = await openPage(context);
  await page.goto(`${SHORT}/staff`);
  await heading(page);
  await page.getByRole('link', { name: 'Sign in with login.gov' }).click();
  await page.getByRole('button', { name: 'Sign in as Dana Reyes' }).click();
  await page.waitForURL(`${SHORT}/staff`);
  await page.getByText(/^Signed in as /).waitFor();
  const session = await kept(context, STAFF_COOKIE, 'staff-session');
  const lastUse = session.get().last_seen_at;
  await timePasses(page, UNTIL_THE_WARNING_MS);
  await warning(page).waitFor();
  assert.equal((await sessionTime(page, '/api/staff/session/time')).status, 200);
  assert.equal(session.get().last_seen_at, lastUse, 'the idle page, and reading the time left, renewed nothing');
  lastUsedAgo(session, IDLE_SECONDS + 1);
  await timePasses(page, PAST_THE_END_MS);
  await page.waitForURL(`${SHORT}/staff?signed_out=idle`);
  await page.getByRole('status').filter({ hasText: 'You were signed out' }).waitFor();
  assert.equal((await sessionTime(page, '/api/staff/session/time')).status, 401);
  await context.close();
});
