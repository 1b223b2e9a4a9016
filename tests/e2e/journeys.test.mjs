// The announcement's two paths, in Chromium on a desktop and a phone, as a
// person follows them:
// - "If you already have a login.gov account": Sign in → Log in → login.gov →
//   "Is this your National Registry account?" → My account, with no Transfer
//   first (the demo's Maria Lopez, here an examiner of the test's own);
// - "If you do not already have a login.gov account": Transfer → the email →
//   its button → login.gov's sign-in page → Create an account → back at the
//   registry, the question, My account: one trip. Its steps (page loads and
//   clicks, from opening the email) are counted and printed for the README.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { APP_ORIGIN, VIEWPORTS, launchChromium } from '../support/browser.mjs';
import { query } from '../support/d1.mjs';
import { accessibilityViolations, heading, openPage } from '../support/pages.mjs';
import { freshEmail, seedAccounts } from '../support/registry.mjs';
import { loginGovPerson } from '../support/sign-in.mjs';
import { emailTo, logInAs, transferExaminer } from '../support/wizard.mjs';

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

const migrationState = (number) =>
  query(`SELECT migration_state FROM registry_accounts WHERE registry_number = '${number}'`)[0].migration_state;

/** "Is this your National Registry account?" for `account`, checked with axe, answered yes; then My account. */
async function confirmAndReachMyAccount(page, account, name) {
  await page.waitForURL(`${APP_ORIGIN}/sign-in/confirm`);
  assert.equal(await heading(page), 'Is this your National Registry account?');
  await page.getByRole('main').getByText(account.number).waitFor();
  assert.ok(await page.getByRole('main').getByText(name).isVisible());
  assert.deepEqual(await accessibilityViolations(page), [], 'the first sign-in\'s question');
  await page.getByRole('button', { name: 'Yes, this is my account' }).click();
  await page.waitForURL(`${APP_ORIGIN}/account`);
  assert.equal(await heading(page), 'My account');
  await page.getByRole('main').getByText(account.number).waitFor();
  // The header knows: My account where Sign in was, on a phone's first screen too.
  await page.getByRole('banner').getByRole('link', { name: 'My account', exact: true }).waitFor();
  assert.equal(await page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true }).count(), 0);
}

for (const [device, options] of Object.entries(VIEWPORTS)) {
  describe(`on a ${device}`, () => {
    test('an examiner who already has login.gov just logs in: no Transfer, linked once they say the account is theirs', async () => {
      const email = freshEmail(`has.login.gov.${device}`);
      const last = `Lopez${device}`;
      const [account] = seedAccounts([{ email, first: 'Maria', last }]);
      const person = await loginGovPerson(`Maria ${last} ${account.number}`, [email]);
      const context = await browser.newContext(options);
      const { page, errors } = await openPage(context);

      await page.goto(`${APP_ORIGIN}/sign-in`);
      await heading(page);
      await logInAs(page, person);
      await confirmAndReachMyAccount(page, account, `Maria ${last}`);
      assert.equal(migrationState(account.number), 'linked');
      await emailTo(page, email, 'Your login.gov account was linked');

      // Every page's header knows: My account, and Sign out (on a phone, in the menu).
      await page.goto(`${APP_ORIGIN}/help`);
      const banner = page.getByRole('banner');
      await banner.getByRole('link', { name: 'My account', exact: true }).waitFor();
      if (device === 'phone') await banner.getByRole('button', { name: 'Menu' }).click();
      assert.deepEqual(await accessibilityViolations(page), [], 'the header of a person signed in');
      await banner.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL((url) => url.pathname === '/signed-out');
      await banner.getByRole('link', { name: 'Sign in', exact: true }).waitFor();
      assert.equal(await banner.getByRole('button', { name: 'Sign out' }).count(), 0);
      assert.deepEqual(errors, []);
      await context.close();
    });

    test('a new examiner transfers, follows the email to login.gov, creates an account there and comes back linked, in one trip', async () => {
      const email = freshEmail(`new.to.login.gov.${device}`);
      const last = `Okafor${device}`;
      const [account] = seedAccounts([{ email, first: 'Grace', last, license: `MD-${Date.now() % 1_000_000}`, state: 'MD' }]);
      const context = await browser.newContext(options);
      const { page, errors } = await openPage(context);

      await transferExaminer(page, account);

      // From here on, what the person does is counted: each page load and each click.
      const message = await emailTo(page, email, 'Your account was migrated successfully');
      assert.equal(migrationState(account.number), 'migrated');
      let loads = 1;
      let clicks = 0;
      page.on('load', () => { loads += 1; });
      const click = async (locator) => { clicks += 1; await locator.click(); };

      await click(message.getByRole('link', { name: /\/auth\/login$/ }));
      await page.getByRole('heading', { name: 'Choose a demo person' }).waitFor();
      await click(page.getByRole('link', { name: 'Create an account' }));
      await page.getByLabel('Enter your email address').fill(email);
      await click(page.getByRole('button', { name: 'Submit' }));
      await page.getByRole('heading', { name: 'Check your email' }).waitFor();
      await click(page.getByRole('button', { name: 'Confirm email address' }));
      await page.waitForURL(`${APP_ORIGIN}/sign-in/confirm`);
      await heading(page);
      clicks += 1; // "Yes, this is my account", clicked in the next step
      await confirmAndReachMyAccount(page, account, `Grace ${last}`);
      assert.equal(migrationState(account.number), 'linked');
      console.log(`# one trip on a ${device}: ${loads} page loads and ${clicks} clicks from the email to My account`);
      assert.deepEqual([loads, clicks], [6, 5], 'the steps the README gives');
      assert.deepEqual(errors, []);
      await context.close();
    });
  });
}
