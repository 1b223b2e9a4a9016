// The shared-email fix in Chromium, on a desktop and on a phone: the link in
// "NOT migrated" followed from the dev mailbox, a new address given and
// confirmed from its inbox, the account migrated; and links that no longer work.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { APP_ORIGIN, VIEWPORTS, launchChromium } from '../support/browser.mjs';
import { query } from '../support/d1.mjs';
import { accessibilityViolations, focusIsOn, heading, openPage } from '../support/pages.mjs';
import { freshEmail, seedAccounts } from '../support/registry.mjs';
import { chooseAccountType, emailTo, identifyExaminer, startTransfer, submit } from '../support/wizard.mjs';

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

/** Transfers `person`, whose address `shared` another account uses, and follows the fix link of "NOT migrated". */
async function followFixLink(page, person, shared) {
  await startTransfer(page);
  await chooseAccountType(page, 'Medical Examiner');
  await identifyExaminer(page, person);
  await submit(page);
  await page.getByRole('status').waitFor();
  const notMigrated = await emailTo(page, shared, 'Your account was NOT migrated successfully');
  await notMigrated.getByRole('link', { name: /\/transfer\/fix\// }).click();
}

for (const [device, options] of Object.entries(VIEWPORTS)) {
  describe(`on a ${device}`, () => {
    test('a person whose email was shared gives a new one, confirms it and is migrated', async () => {
      const shared = freshEmail('shared');
      const [person, other] = seedAccounts([{ email: shared }, { email: shared }]);
      const context = await browser.newContext(options);
      const { page, errors } = await openPage(context);
      await followFixLink(page, person, shared);
      assert.equal(await heading(page), 'Update your email address');
      // Whose account the link is for, and "Is this you?", before anything else.
      await page.getByRole('main').getByText(person.number).waitFor();
      assert.ok(await page.getByText('Is this you?').isVisible());
      assert.deepEqual(await accessibilityViolations(page), [], 'is this you');
      await page.getByRole('button', { name: 'Yes, this is my account' }).click();
      await page.getByLabel('New email address', { exact: true }).waitFor();
      assert.deepEqual(await accessibilityViolations(page), [], 'fix page');

      await page.getByLabel('New email address', { exact: true }).fill(other.email);
      await page.getByLabel('Enter the new email address again').fill(other.email);
      await page.getByRole('button', { name: 'Send the confirmation link' }).click();
      await page.getByText('Another National Registry account uses this email address.').first().waitFor();
      assert.ok(await focusIsOn(page, 'field-new_email'));

      const mine = freshEmail('mine');
      await page.getByLabel('New email address', { exact: true }).fill(mine);
      await page.getByLabel('Enter the new email address again').fill(mine);
      await page.getByRole('button', { name: 'Send the confirmation link' }).click();
      assert.match(await page.getByRole('status').innerText(), /We sent a link to/);

      const confirmation = await emailTo(page, mine, 'Confirm your new email address');
      await confirmation.getByRole('link', { name: /\/transfer\/confirm\// }).click();
      assert.equal(await heading(page), 'Confirm your new email address');
      await page.getByRole('button', { name: 'Confirm my email address' }).waitFor();
      await page.getByRole('main').getByText(`Select the button to use ${mine} for your National Registry account.`).waitFor();
      assert.deepEqual(await accessibilityViolations(page), [], 'confirm page');
      await page.getByRole('button', { name: 'Confirm my email address' }).click();
      assert.match(await page.getByRole('status').innerText(), /your account was migrated/);

      await emailTo(page, mine, 'Your account was migrated successfully');
      const [account] = query(`SELECT primary_email, migration_state FROM registry_accounts WHERE registry_number = '${person.number}'`);
      assert.deepEqual(account, { primary_email: mine, migration_state: 'migrated' });

      const fixLink = await (await emailTo(page, shared, 'Your account was NOT migrated successfully')).getByRole('link', { name: /\/transfer\/fix\// }).getAttribute('href');
      await page.goto(fixLink);
      await page.getByText('This link has already been used.').waitFor();
      assert.ok(await page.getByRole('link', { name: 'Start Transfer or Create Account again' }).isVisible());
      assert.deepEqual(await accessibilityViolations(page), [], 'used link');
      assert.deepEqual(errors.filter((e) => !/status of 4\d\d/.test(e)), []);
      await context.close();
    });
  });
}

test('who shares the mailbox says "This is not my account": nothing changes, the link stops working', async () => {
  const shared = freshEmail('shared.not.mine');
  const [person] = seedAccounts([{ email: shared, first: 'Kim', last: 'Other' }, { email: shared }]);
  const context = await browser.newContext(VIEWPORTS.phone);
  const { page } = await openPage(context);
  await followFixLink(page, person, shared);
  await page.getByRole('main').getByText('Kim Other').waitFor();
  await page.getByRole('button', { name: 'This is not my account' }).click();
  assert.match(await page.getByRole('status').innerText(), /We did not change anything, and this link no longer works/);
  assert.deepEqual(await accessibilityViolations(page), [], 'declined');
  await page.reload();
  await page.getByText('This link has already been used.').waitFor();
  await context.close();
});

test('a forged link gets a clear page that offers to start over', async () => {
  const context = await browser.newContext(VIEWPORTS.desktop);
  const { page } = await openPage(context);
  await page.goto(`${APP_ORIGIN}/transfer/fix/${'0'.repeat(64)}`);
  await page.getByText('This link is not valid.').waitFor();
  await page.getByRole('link', { name: 'Start Transfer or Create Account again' }).click();
  await page.getByRole('heading', { name: /Account type/ }).waitFor();
  await context.close();
});
