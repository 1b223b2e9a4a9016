// No silent sign-out (WCAG 2.2.1): on a worker whose sessions idle out after
// 40 seconds (SESSION_IDLE_SECONDS; the warning comes 20 seconds before), in
// Chromium on a desktop and a phone. Signed in, a person doing nothing meets
// the warning (a modal dialog: focus inside it, axe clean); "Stay signed in"
// renews the session and the countdown starts again; doing nothing then signs
// them out, and the sign-in page says why. The staff side warns the same way.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { VIEWPORTS, launchChromium } from '../support/browser.mjs';
import { accessibilityViolations, heading, openPage } from '../support/pages.mjs';
import { freshEmail, seedAccounts } from '../support/registry.mjs';
import { loginGovPerson } from '../support/sign-in.mjs';
import { logInAs } from '../support/wizard.mjs';

const SHORT = process.env.SHORT_SESSIONS_APP_ORIGIN ?? 'http://127.0.0.1:8796';
/** The idle limit and the warning there, with room for the page's one-second clock. */
const WARNING_COMES_WITHIN_MS = 40_000;

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

const warning = (page) => page.getByRole('dialog', { name: 'Your session is about to end' });

/** The session's status and time left, read as the warning reads it: without renewing it. */
async function sessionTime(page, path = '/api/session/time') {
  return page.evaluate(async (url) => {
    const response = await fetch(url);
    return { status: response.status, time: response.ok ? await response.json() : null };
  }, `${SHORT}${path}`);
}

for (const [device, options] of Object.entries(VIEWPORTS)) {
  describe(`on a ${device}`, () => {
    test('the warning comes before an idle sign-out; Stay signed in keeps the session; doing nothing signs out, and the sign-in page says why', async () => {
      const email = freshEmail(`idle.${device}`);
      const [account] = seedAccounts([{ email, migration: 'migrated' }]);
      const person = await loginGovPerson(`Idle Examiner ${device} ${account.number}`, [email]);
      const context = await browser.newContext(options);
      const { page, errors } = await openPage(context);

      await page.goto(`${SHORT}/sign-in`);
      await heading(page);
      await logInAs(page, person);
      await page.waitForURL(`${SHORT}/sign-in/confirm`);
      await page.getByRole('button', { name: 'Yes, this is my account' }).click();
      await page.waitForURL(`${SHORT}/account`);
      assert.equal(await heading(page), 'My account');

      await warning(page).waitFor({ timeout: WARNING_COMES_WITHIN_MS });
      assert.match(await warning(page).textContent(), /you will be signed out in 0:\d\d/);
      const stay = warning(page).getByRole('button', { name: 'Stay signed in' });
      assert.ok(await stay.evaluate((button) => button === document.activeElement), 'focus moves into the warning');
      for (let i = 0; i < 3; i += 1) await page.keyboard.press('Tab');
      assert.ok(await warning(page).evaluate((dialog) => dialog.contains(document.activeElement)), 'focus stays in the warning');
      assert.deepEqual(await accessibilityViolations(page), [], 'the warning');

      const endedAt = Date.now() + (await sessionTime(page)).time.ends_in_seconds * 1000;
      await stay.click();
      await warning(page).waitFor({ state: 'hidden' });
      // Past the end the session had before "Stay signed in", it is still live: the server renewed it.
      await page.waitForTimeout(Math.max(0, endedAt - Date.now()) + 1000);
      const kept = await sessionTime(page);
      assert.equal(kept.status, 200);
      assert.ok(kept.time.ends_in_seconds > 0);
      // Nothing more is done: the warning comes again, then the sign-out, with its reason.
      await warning(page).waitFor({ timeout: WARNING_COMES_WITHIN_MS });
      await page.waitForURL(`${SHORT}/sign-in?signed_out=idle`, { timeout: WARNING_COMES_WITHIN_MS });
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
  const { page } = await openPage(context);
  await page.goto(`${SHORT}/staff`);
  await heading(page);
  await page.getByRole('link', { name: 'Sign in with login.gov' }).click();
  await page.getByRole('button', { name: 'Sign in as Dana Reyes' }).click();
  await page.waitForURL(`${SHORT}/staff`);
  await page.getByText(/^Signed in as /).waitFor();
  await warning(page).waitFor({ timeout: WARNING_COMES_WITHIN_MS });
  await page.waitForURL(`${SHORT}/staff?signed_out=idle`, { timeout: WARNING_COMES_WITHIN_MS });
  await page.getByRole('status').filter({ hasText: 'You were signed out' }).waitFor();
  assert.equal((await sessionTime(page, '/api/staff/session/time')).status, 401);
  await context.close();
});
