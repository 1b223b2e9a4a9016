// The transfer deadline as an examiner meets it, in Chromium on a desktop and
// a phone, with axe: the sentence on the home and sign-in pages while it is
// ahead; the site alert above the header in its last days (the PKCE worker's
// deadline is ten days away) and after it (the sixth worker's passed two days
// ago), with the configured words and the help desk. scripts/lib.sh
// start_test_system sets those dates from today.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { APP_ORIGIN, VIEWPORTS, launchChromium } from '../support/browser.mjs';
import { accessibilityViolations, heading, openPage, staffSignsIn } from '../support/pages.mjs';
import { freshEmail, seedAccounts } from '../support/registry.mjs';

const { PKCE_APP_ORIGIN: CLOSING, PAST_DEADLINE_APP_ORIGIN: PASSED, DEADLINE_AHEAD } = process.env;
const skip = !(CLOSING && PASSED && DEADLINE_AHEAD) && 'scripts/test starts the workers and sets their deadlines';
const inWords = (iso) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
const ALERT = { name: 'Transfer deadline' };

let browser;
before(async () => { if (!skip) browser = await launchChromium(); });
after(async () => { await browser?.close(); });

for (const [device, options] of Object.entries(VIEWPORTS)) {
  describe(`on a ${device}`, { skip }, () => {
    test('while the deadline is far, the home and sign-in pages say it, and no page carries an alert', async () => {
      const context = await browser.newContext(options);
      const { page, errors } = await openPage(context);
      for (const [path, title] of [['/', 'National Registry of Certified Medical Examiners'], ['/sign-in', 'Sign in']]) {
        await page.goto(`${APP_ORIGIN}${path}`);
        assert.equal(await heading(page), title);
        await page.getByText(`Transfer your account by ${inWords(DEADLINE_AHEAD)}.`).waitFor();
        assert.equal(await page.getByRole('region', ALERT).count(), 0);
        assert.deepEqual(await accessibilityViolations(page), []);
      }
      assert.deepEqual(errors, []);
      await context.close();
    });

    test('in its last days every examiner\'s page carries the site alert, with the days left', async () => {
      const context = await browser.newContext(options);
      const { page, errors } = await openPage(context);
      for (const path of ['/', '/transfer', '/help']) {
        await page.goto(`${CLOSING}${path}`);
        const alert = page.getByRole('region', ALERT);
        await alert.waitFor();
        assert.match(await alert.getByRole('heading').textContent(), /^1[01] days left to transfer your account$/);
        assert.ok(await alert.isVisible(), `${path}: seen above the header`);
        assert.deepEqual(await accessibilityViolations(page), []);
      }
      assert.deepEqual(errors, []);
      await context.close();
    });

    test('after it, the site alert says what missing it means and how to reach the help desk', async () => {
      const context = await browser.newContext(options);
      const { page, errors } = await openPage(context);
      await page.goto(`${PASSED}/sign-in`);
      const alert = page.getByRole('region', ALERT);
      await alert.waitFor();
      assert.equal((await alert.getByRole('heading').textContent()).trim(), 'The deadline to transfer accounts has passed');
      const words = await alert.textContent();
      assert.ok(words.includes('Your listing on the public National Registry may be removed'), words);
      assert.ok(await alert.getByRole('link', { name: 'fmctechsup@dot.gov' }).isVisible());
      assert.equal(await page.getByText(/^Transfer your account by/).count(), 0, 'no "by" once it has passed');
      assert.deepEqual(await accessibilityViolations(page), []);
      assert.deepEqual(errors, []);
      await context.close();
    });

    test('after it, the help desk sees an account never transferred as past it, and the program office the date', async () => {
      const [late] = seedAccounts([{ email: freshEmail(`late.${device}`), first: 'Lena', last: `Latecase${device}` }]);
      const context = await browser.newContext(options);
      const { page } = await openPage(context);
      await staffSignsIn(page, 'Dana Reyes', PASSED);
      assert.equal(await page.getByRole('region', ALERT).count(), 0, 'the staff pages carry no examiners\' alert');
      await page.getByLabel('National Registry number, email address, or last name').fill(late.number);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('link', { name: `Lena Latecase${device}` }).click();
      await page.getByText(`Past it: not transferred by ${inWords(process.env.DEADLINE_PASSED)}`).waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);
      await context.close();

      const office = await browser.newContext(options);
      const { page: funnel } = await openPage(office);
      await staffSignsIn(funnel, 'Sam Whitfield', PASSED);
      await funnel.getByRole('link', { name: 'The migration funnel, per day' }).click();
      await funnel.getByText(`${inWords(process.env.DEADLINE_PASSED)} (passed)`).waitFor();
      await funnel.getByText(/for the Federal Register notice/).waitFor();
      assert.deepEqual(await accessibilityViolations(funnel), []);
      await office.close();
    });
  });
}
