// Signing in with login.gov in Chromium, on a desktop and on a phone, as a
// person would: transfer, the email in the dev mailbox, Log in at the
// stand-in, My account, an email change confirmed from the new inbox, sign
// out; the question of a first sign-in, with the license asked when the
// address was once shared, and "This is not my account"; and the pages of a
// sign-in that finds no account or a shared email.
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

/** USWDS hides radios and checkboxes; a person clicks the label. */
async function clickLabel(page, text) {
  await page.locator('label', { hasText: text }).click();
}

async function askForNewEmail(page, address) {
  await page.getByLabel('New email address', { exact: true }).fill(address);
  await page.getByLabel('Enter the new email address again').fill(address);
  await page.getByRole('button', { name: 'Send the confirmation link' }).click();
}

for (const [device, options] of Object.entries(VIEWPORTS)) {
  describe(`on a ${device}`, () => {
    test('a person transfers, signs in with login.gov, reviews and corrects their account, and signs out', async () => {
      const email = freshEmail(`signin.${device}`);
      const [account] = seedAccounts([{ email, first: 'Jordan', last: `Rivera${device}`, license: `VA-${Date.now() % 1_000_000}` }]);
      const person = await loginGovPerson(`Jordan Rivera ${device} ${account.number}`, [email]);
      const context = await browser.newContext(options);
      const { page, errors } = await openPage(context);

      await transferExaminer(page, account);
      await emailTo(page, email, 'Your account was migrated successfully');

      await page.goto(`${APP_ORIGIN}/sign-in`);
      await logInAs(page, person);
      await page.waitForURL(`${APP_ORIGIN}/sign-in/confirm`);
      assert.equal(await heading(page), 'Is this your National Registry account?');
      await page.getByRole('main').getByText(account.number).waitFor();
      assert.ok(await page.getByRole('main').getByText(`Jordan Rivera${device}`).isVisible());
      assert.deepEqual(await accessibilityViolations(page), [], 'the first sign-in\'s question');
      await page.getByRole('button', { name: 'Yes, this is my account' }).click();
      await page.waitForURL(`${APP_ORIGIN}/account`);
      assert.equal(await heading(page), 'My account');
      const main = page.getByRole('main');
      await main.getByText(account.number).waitFor();
      for (const shown of [`Jordan Rivera${device}`, 'Medical Examiner', account.license, 'Virginia', 'Active, expires January 1, 2034', 'Please review your information']) {
        assert.ok(await main.getByText(shown).first().isVisible(), shown);
      }
      assert.equal(await main.getByText(email).count(), 2, 'primary email and login.gov email');
      assert.deepEqual(await accessibilityViolations(page), [], 'My account');
      await emailTo(page, email, 'Your login.gov account was linked');

      await page.goto(`${APP_ORIGIN}/account`);
      await heading(page);
      await askForNewEmail(page, 'jordan@example.edu');
      await page.getByText('We recommend that you do not use a .gov, .mil, or .edu email address.').waitFor();
      await page.getByText('Check the box to use this address anyway').first().waitFor();
      assert.deepEqual(await accessibilityViolations(page), [], 'the .edu warning');

      const mine = freshEmail(`mine.${device}`);
      await askForNewEmail(page, mine);
      assert.match(await page.getByRole('status').innerText(), new RegExp(`We sent a link to ${mine.replace(/\./g, '\\.')}`));
      const [before] = query(`SELECT primary_email FROM registry_accounts WHERE registry_number = '${account.number}'`);
      assert.equal(before.primary_email, email, 'nothing changes before the new address is confirmed');

      const confirmation = await emailTo(page, mine, 'Confirm your new email address');
      const confirmLink = await confirmation.getByRole('link', { name: /\/account\/email\/confirm\// }).getAttribute('href');
      await page.goto(confirmLink);
      assert.equal(await heading(page), 'Confirm your new email address');
      // It says which address it confirms before the button is pressed.
      await page.getByRole('main').getByText(`Select the button to use ${mine} for your National Registry account.`).waitFor();
      await page.getByRole('button', { name: 'Confirm my email address' }).click();
      assert.match(await page.getByRole('status').innerText(), new RegExp(`Your primary email is now`));
      assert.deepEqual(await accessibilityViolations(page), [], 'email change confirmed');
      await emailTo(page, email, 'Your National Registry email address was changed');
      await page.goto(confirmLink);
      await page.getByText('This link has already been used.').waitFor();
      assert.ok(await page.getByRole('link', { name: 'Go to My account' }).isVisible(), 'a used link offers to ask again');

      await page.goto(`${APP_ORIGIN}/account`);
      await page.getByRole('main').getByText(mine).waitFor();
      await page.getByRole('main').getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL((url) => url.pathname === '/signed-out');
      assert.match(await page.getByRole('status').innerText(), /You have signed out\./);

      // Signed out, My account sends the person to sign in, and back after.
      await page.goto(`${APP_ORIGIN}/account`);
      await page.waitForURL(`${APP_ORIGIN}/sign-in`);
      assert.equal(await heading(page), 'Sign in');
      await logInAs(page, person);
      await page.waitForURL(`${APP_ORIGIN}/account`);
      await page.getByRole('main').getByText(account.number).waitFor();
      assert.deepEqual(errors.filter((e) => !/status of 4\d\d/.test(e)), []);
      await context.close();
    });
  });
}

for (const [problem, heading_, emails] of [
  ['no-match', 'We could not find your National Registry account', () => [freshEmail('nobody')]],
  ['shared-email', 'Your email address is used by more than one account', () => {
    const shared = freshEmail('shared.e2e');
    seedAccounts([{ email: shared, migration: 'migrated' }, { email: shared, migration: 'migrated' }]);
    return [shared];
  }],
]) {
  test(`a sign-in that finds ${problem === 'no-match' ? 'no account' : 'a shared email'} says so, and what to do`, async () => {
    const person = await loginGovPerson(`Problem ${problem} ${Date.now()}`, emails());
    for (const options of Object.values(VIEWPORTS)) {
      const context = await browser.newContext(options);
      const { page } = await openPage(context);
      await page.goto(`${APP_ORIGIN}/sign-in`);
      await logInAs(page, person);
      await page.waitForURL(`${APP_ORIGIN}/sign-in/problem/${problem}`);
      assert.equal(await heading(page), heading_);
      assert.ok(await page.getByText('fmctechsup@dot.gov').isVisible());
      assert.ok(await page.getByRole('link', { name: 'Start Transfer or Create Account' }).isVisible());
      assert.deepEqual(await accessibilityViolations(page), [], problem);
      await context.close();
    }
  });
}

for (const [device, options] of Object.entries(VIEWPORTS)) {
  test(`on a ${device}, an address once shared links only the person login.gov verifies as the owner, and "This is not my account" links nothing`, async () => {
    const family = freshEmail(`family.${device}`);
    const [james, linda] = seedAccounts([
      { email: family, first: 'James', last: `Carter${device}`, migration: 'migrated' },
      { email: family, first: 'Linda', last: `Carter${device}`, migration: 'migrated', birth: '1970-01-22' },
    ]);
    query(`UPDATE registry_accounts SET primary_email = '${freshEmail(`james.${device}`)}' WHERE registry_number = '${james.number}'`);
    const context = await browser.newContext(options);
    const { page } = await openPage(context);
    const jamesAtLoginGov = await loginGovPerson(`James Carter ${device} ${linda.number}`, [family], {
      verified: { given_name: 'James', family_name: `Carter${device}`, birthdate: '1968-07-03' },
    });

    await page.goto(`${APP_ORIGIN}/sign-in`);
    await logInAs(page, jamesAtLoginGov);
    await page.waitForURL(`${APP_ORIGIN}/sign-in/confirm`);
    assert.equal(await heading(page), 'Is this your National Registry account?');
    await page.getByRole('main').getByText(`Linda Carter${device}`).waitFor();
    assert.ok(await page.getByText('An email address alone does not show that the account is yours.').isVisible());
    assert.deepEqual(await accessibilityViolations(page), [], 'the question, verification asked');
    await page.getByRole('button', { name: 'Yes, verify my identity with login.gov' }).click();
    await page.getByRole('button', { name: `Sign in as ${jamesAtLoginGov.name}` }).click();
    await page.waitForURL(`${APP_ORIGIN}/sign-in/problem/identity-not-matched`);
    assert.equal(await heading(page), 'Your verified identity does not match this account');
    assert.ok(await page.getByText('fmctechsup@dot.gov').isVisible());
    assert.deepEqual(await accessibilityViolations(page), [], 'identity not matched');

    await page.goto(`${APP_ORIGIN}/sign-in`);
    await logInAs(page, jamesAtLoginGov);
    await page.waitForURL(`${APP_ORIGIN}/sign-in/confirm`);
    await page.getByRole('button', { name: 'This is not my account' }).click();
    await page.waitForURL(`${APP_ORIGIN}/sign-in/problem/not-your-account`);
    assert.equal(await heading(page), 'We did not link your login.gov account');
    assert.deepEqual(await accessibilityViolations(page), [], 'not my account');
    const [row] = query(`SELECT id, login_gov_subject FROM registry_accounts WHERE registry_number = '${linda.number}'`);
    assert.equal(row.login_gov_subject, null);
    assert.deepEqual(query(`SELECT event FROM audit_events WHERE account_id = ${row.id} ORDER BY id`).map((r) => r.event).slice(-2),
      ['identity_not_matched', 'link_declined']);

    const lindaAtLoginGov = await loginGovPerson(`Linda Carter ${device} ${linda.number}`, [family], {
      verified: { given_name: 'LINDA', family_name: `CARTER${device.toUpperCase()}`, birthdate: '1970-01-22' },
    });
    await page.goto(`${APP_ORIGIN}/sign-in`);
    await logInAs(page, lindaAtLoginGov);
    await page.waitForURL(`${APP_ORIGIN}/sign-in/confirm`);
    await page.getByRole('button', { name: 'Yes, verify my identity with login.gov' }).click();
    await page.getByRole('button', { name: `Sign in as ${lindaAtLoginGov.name}` }).click();
    await page.waitForURL(`${APP_ORIGIN}/account`);
    await page.getByRole('main').getByText(linda.number).waitFor();
    await context.close();
  });
}
