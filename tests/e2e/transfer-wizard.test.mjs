// Transfer or Create Account in Chromium, on a desktop and on a phone: each
// outcome through the wizard, then the email read in the dev mailbox; the
// wizard's field checks, its steps and what survives a refresh; axe on every step.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { APP_ORIGIN, VIEWPORTS, launchChromium } from '../support/browser.mjs';
import { accessibilityViolations, focusIsOn, heading, openPage } from '../support/pages.mjs';
import { eventually, query } from '../support/d1.mjs';
import { freshEmail, freshRegistryNumber, seedAccounts } from '../support/registry.mjs';
import { SUBMITTED, chooseAccountType, emailTo, identifyAssistant, identifyExaminer, startTransfer, submit } from '../support/wizard.mjs';

const LIMIT_PER_NUMBER = Number(process.env.TRANSFER_LIMIT_PER_NUMBER ?? 5);

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

async function submittedPage(page) {
  await page.getByText(SUBMITTED).waitFor();
  assert.equal(new URL(page.url()).pathname, '/transfer/submitted');
  assert.equal(await page.getByRole('status').textContent(), SUBMITTED);
  const home = page.getByRole('main').getByRole('link', { name: 'Click Here' });
  assert.equal(await home.getAttribute('href'), '/');
  assert.match(await page.getByRole('main').innerText(), /Click Here to go to National Registry Home Page\./);
}

for (const [device, options] of Object.entries(VIEWPORTS)) {
  describe(`on a ${device}`, () => {
    test('an examiner with a unique email is migrated and gets "Your account was migrated successfully"', async () => {
      const [examiner] = seedAccounts([{ email: freshEmail('unique') }]);
      const context = await browser.newContext(options);
      const { page, errors } = await openPage(context);
      await startTransfer(page);
      assert.deepEqual(await accessibilityViolations(page), [], 'step 1');
      await chooseAccountType(page, 'Medical Examiner');
      assert.deepEqual(await accessibilityViolations(page), [], 'step 2');
      await identifyExaminer(page, { ...examiner, number: examiner.number.replace(/(\d{3})(\d{3})/, '$1-$2 '), license: examiner.license.toLowerCase() });
      await submit(page);
      await submittedPage(page);
      assert.deepEqual(await accessibilityViolations(page), [], 'step 3');

      const email = await emailTo(page, examiner.email, 'Your account was migrated successfully');
      assert.match(await email.innerText(), /Your email address has been migrated to use login\.gov\./);
      assert.ok(await email.getByRole('link', { name: /^http:\/\/127\.0\.0\.1:\d+\/auth\/login$/ }).isVisible(), 'the button: the registry\'s sign-in, on to login.gov');
      assert.deepEqual(await accessibilityViolations(page), [], 'dev mailbox');
      assert.deepEqual(errors, []);
      await context.close();
    });

    test('past the limit for a number, the check appears with its words; a person who passes it is answered as every other', async () => {
      // Others asked about this number up to its limit, from addresses of their own.
      const number = freshRegistryNumber();
      const claim = { account_type: 'examiner', registry_number: number, license_number: 'NOSUCH1', license_state: 'VA' };
      for (let i = 0; i < LIMIT_PER_NUMBER; i += 1) {
        const headers = { 'content-type': 'application/json', 'cf-connecting-ip': `192.0.2.${i + 1}` };
        const response = await fetch(`${APP_ORIGIN}/api/transfer`, { method: 'POST', headers, body: JSON.stringify(claim) });
        assert.equal(response.status, 202);
      }
      const context = await browser.newContext(options);
      const { page, errors } = await openPage(context);
      await startTransfer(page);
      await chooseAccountType(page, 'Medical Examiner');
      await identifyExaminer(page, { number, license: 'NOSUCH1', state: 'VA' });
      await submit(page);
      const words = page.getByRole('alert').filter({ hasText: 'To continue, complete the check below, then select Submit again.' });
      await words.waitFor();
      assert.ok(await focusIsOn(page, 'challenge-words'), 'the words take the focus: the check is next');
      const check = page.frameLocator('iframe[title="Widget containing a check that you are a person"]');
      await check.getByLabel('Verify you are human').waitFor();
      assert.deepEqual(await accessibilityViolations(page), [], 'the check');
      // Submit before the check is complete sends nothing, and says so.
      await submit(page);
      await page.getByRole('alert').filter({ hasText: 'Complete the check below first, then select Submit.' }).waitFor();
      await check.getByLabel('Verify you are human').check();
      await check.getByText('Success!').waitFor();
      await submit(page);
      await submittedPage(page);
      // The browser logs the 428 that asked for the check; nothing else (a script or frame the page's policy refused would be here).
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.match(errors[0], /status of 428/);
      await context.close();
    });

    test('an examiner whose email another account uses gets "Your account was NOT migrated successfully" with a link', async () => {
      const shared = freshEmail('shared');
      const [examiner] = seedAccounts([{ email: shared }, { email: shared.toUpperCase() }]);
      const context = await browser.newContext(options);
      const { page, errors } = await openPage(context);
      await startTransfer(page);
      await chooseAccountType(page, 'Medical Examiner');
      await identifyExaminer(page, examiner);
      await submit(page);
      await submittedPage(page);
      const email = await emailTo(page, shared, 'Your account was NOT migrated successfully');
      assert.match(await email.innerText(), /Your email address was duplicated in our system\./);
      assert.ok(await email.getByRole('link', { name: /\/transfer\/fix\/[0-9a-f]{64}$/ }).isVisible());
      assert.deepEqual(errors, []);
      await context.close();
    });

    test('details that match no account get the same Submitted page and no email', async () => {
      const [examiner] = seedAccounts([{ email: freshEmail('nomatch') }]);
      const NO_MATCHES = "SELECT count(*) AS n FROM audit_events WHERE event = 'transfer_no_match'";
      const [{ n: noMatchesBefore }] = query(NO_MATCHES);
      const context = await browser.newContext(options);
      const { page } = await openPage(context);
      await startTransfer(page);
      await chooseAccountType(page, 'Medical Examiner');
      await identifyExaminer(page, { ...examiner, license: 'NOT-HIS-1' });
      await submit(page);
      await submittedPage(page);
      // The claim is decided on the queue: once it is, an email would have been written with it.
      await eventually(NO_MATCHES, [{ n: noMatchesBefore + 1 }]);
      assert.deepEqual(query(`SELECT count(*) AS n FROM email_outbox WHERE to_address = '${examiner.email}'`), [{ n: 0 }]);
      await page.goto(`${APP_ORIGIN}/dev/mailbox`);
      await heading(page);
      await page.getByText('Loading the mailbox…').waitFor({ state: 'detached' });
      assert.equal(await page.getByRole('article').filter({ hasText: examiner.email }).count(), 0);
      await context.close();
    });
  });
}

test('an administrative assistant is identified by the examiner’s number and their own email', async () => {
  const boss = freshRegistryNumber();
  const [, assistant] = seedAccounts([{ number: boss, email: freshEmail('boss') }, { type: 'assistant', examiner: boss, email: freshEmail('assistant') }]);
  const context = await browser.newContext(VIEWPORTS.desktop);
  const { page } = await openPage(context);
  await startTransfer(page);
  await chooseAccountType(page, 'Medical Examiner Administrative Assistant');
  await identifyAssistant(page, { examiner: boss, email: assistant.email });
  await submit(page);
  await submittedPage(page);
  await emailTo(page, assistant.email, 'Your account was migrated successfully');
  await context.close();
});

test('mistakes are shown next to each field and in a summary, and the focus moves to the first', async () => {
  const context = await browser.newContext(VIEWPORTS.desktop);
  const { page, errors } = await openPage(context);
  await startTransfer(page);
  await page.getByRole('button', { name: 'Continue' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  assert.match(await summary.innerText(), /Account type: Select an account type\./);
  assert.ok(await focusIsOn(page, 'field-account_type'));

  await chooseAccountType(page, 'Medical Examiner');
  await page.getByLabel('National Registry number').fill('12345');
  await page.getByLabel('Professional license number').fill('MD/12');
  await submit(page);
  assert.match(await summary.innerText(), /National Registry number: A National Registry number has 10 digits\./);
  assert.match(await summary.innerText(), /Professional license number: A license number has only letters, numbers, spaces and dashes\./);
  assert.match(await summary.innerText(), /State that issued the license: Select the State that issued your license\./);
  assert.ok(await focusIsOn(page, 'field-registry_number'));
  assert.equal(await page.getByLabel('National Registry number').getAttribute('aria-invalid'), 'true');
  assert.deepEqual(await accessibilityViolations(page), [], 'with errors shown');
  assert.equal(new URL(page.url()).pathname, '/transfer/identify', 'nothing was submitted');

  await summary.getByRole('link', { name: /State that issued the license/ }).click();
  assert.ok(await focusIsOn(page, 'field-license_state'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('Back and the browser’s back button return to the previous step, and a refresh keeps what was typed', async () => {
  const context = await browser.newContext(VIEWPORTS.phone);
  const { page } = await openPage(context);
  await startTransfer(page);
  await chooseAccountType(page, 'Medical Examiner');
  await page.getByLabel('National Registry number').fill('1000000001');
  await page.getByLabel('State that issued the license').selectOption('PR');
  await page.reload();
  await page.getByRole('heading', { name: /Identify the account/ }).waitFor();
  assert.equal(await page.getByLabel('National Registry number').inputValue(), '1000000001');
  assert.equal(await page.getByLabel('State that issued the license').inputValue(), 'PR');

  await page.goBack();
  await page.getByRole('heading', { name: /Account type/ }).waitFor();
  assert.ok(await page.getByRole('radio', { name: /^Medical Examiner You/ }).isChecked());
  await page.goForward();
  await page.getByRole('heading', { name: /Identify the account/ }).waitFor();
  assert.equal(await page.getByLabel('National Registry number').inputValue(), '1000000001');
  await page.getByRole('link', { name: 'Back' }).click();
  await page.getByRole('heading', { name: /Account type/ }).waitFor();
  await context.close();
});

test('the Submitted step cannot be reached without submitting, nor step 2 without step 1', async () => {
  const context = await browser.newContext(VIEWPORTS.desktop);
  const { page } = await openPage(context);
  for (const path of ['/transfer/submitted', '/transfer/identify']) {
    await page.goto(`${APP_ORIGIN}${path}`);
    await page.getByRole('heading', { name: /Account type/ }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/transfer');
  }
  await context.close();
});

test('the keyboard alone completes the wizard', async () => {
  const [examiner] = seedAccounts([{ email: freshEmail('keyboard') }]);
  const context = await browser.newContext(VIEWPORTS.desktop);
  const { page } = await openPage(context);
  await page.goto(`${APP_ORIGIN}/transfer`);
  await page.getByRole('heading', { name: /Account type/ }).waitFor();
  await page.getByRole('radio', { name: /^Medical Examiner You/ }).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: /Identify the account/ }).waitFor();
  await page.getByLabel('National Registry number').focus();
  await page.keyboard.type(examiner.number);
  await page.keyboard.press('Tab');
  await page.keyboard.type(examiner.license);
  await page.keyboard.press('Tab');
  await page.keyboard.type('Virginia');
  assert.equal(await page.getByLabel('State that issued the license').inputValue(), 'VA');
  await page.keyboard.press('Tab'); // Back
  await page.keyboard.press('Tab'); // Submit
  await page.keyboard.press('Enter');
  await submittedPage(page);
  await context.close();
});
