// The staff side in Chromium, on a desktop and on a phone, as the help desk
// and the program office use it: sign in at /staff with login.gov (the demo
// staff's cards on the stand-in), find an account, read its history, resend
// its email, ask to unlink a login.gov account and approve it as a second
// staff member, read the funnel's chart and table;
// axe on every page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { APP_ORIGIN, VIEWPORTS, launchChromium } from '../support/browser.mjs';
import { eventually, query } from '../support/d1.mjs';
import { accessibilityViolations, heading, openPage, staffSignsIn } from '../support/pages.mjs';
import { freshEmail, seedAccounts } from '../support/registry.mjs';
import { browser as httpBrowser, loginGovPerson, signIn } from '../support/sign-in.mjs';

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

/** An examiner who transferred (so an email was sent), and one linked to login.gov. */
async function accountsToHelp(device) {
  const last = `Helpdeskcase${device}${Date.now() % 100000}`;
  const [transferred] = seedAccounts([{ email: freshEmail(`helped.${device}`), first: 'Maria', last }]);
  const response = await fetch(`${APP_ORIGIN}/api/transfer`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': `198.51.100.${device === 'phone' ? 21 : 22}` },
    body: JSON.stringify({ account_type: 'examiner', registry_number: transferred.number, license_number: transferred.license, license_state: transferred.state }),
  });
  assert.equal(response.status, 202);
  await eventually(`SELECT o.status FROM email_outbox o JOIN registry_accounts a ON a.id = o.account_id WHERE a.registry_number = '${transferred.number}'`, [{ status: 'sent' }]);
  const linkedEmail = freshEmail(`unlinked.${device}`);
  const [linked] = seedAccounts([{ email: linkedEmail, first: 'David', last: `Parkcase${device}`, migration: 'migrated' }]);
  await signIn(httpBrowser(), await loginGovPerson(`David ${device}`, [linkedEmail]));
  return { transferred, linked };
}

for (const [device, options] of Object.entries(VIEWPORTS)) {
  describe(`on a ${device}`, () => {
    test('the help desk finds an account, reads its history, resends its email, and an unlink asked by one staff member is approved by another', async () => {
      const { transferred, linked } = await accountsToHelp(device);
      const context = await browser.newContext(options);
      const { page } = await openPage(context);
      await page.goto(`${APP_ORIGIN}/staff`);
      assert.equal(await heading(page), 'National Registry staff');
      assert.deepEqual(await accessibilityViolations(page), [], 'the staff sign-in');
      await staffSignsIn(page, 'Dana Reyes');
      assert.ok(await page.getByText('Signed in as dana.reyes@dot.gov (Help desk).').isVisible());
      assert.equal(await page.getByRole('link', { name: 'The migration funnel, per day' }).count(), 0, 'not the help desk\'s');

      await page.getByLabel('National Registry number, email address, or last name').fill(transferred.last.slice(0, 12));
      await page.getByRole('button', { name: 'Search' }).click();
      const result = page.getByRole('link', { name: `Maria ${transferred.last}` });
      await result.waitFor();
      assert.deepEqual(await accessibilityViolations(page), [], 'the search results');
      await result.click();
      assert.equal(await heading(page), 'An account, for the help desk');
      const main = page.getByRole('main');
      await main.getByText(transferred.number).waitFor();
      assert.ok(await main.getByText('Your account was migrated successfully').first().isVisible(), 'the email sent');
      assert.ok(await main.getByText(/Migrated to login\.gov \(through Transfer or Create Account\)/).first().isVisible(), 'the history, in words');
      assert.equal(await main.locator('td[data-label="Status"]').first().innerText(), 'Sent', "the email's status, in words");
      assert.ok(await main.getByText('Loaded from the legacy registry (by the import of the legacy registry)').isVisible(), 'the import, in words');
      assert.match(await main.locator('.registry-timeline time').first().innerText(), /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M [A-Z]/, 'in local time');
      assert.deepEqual(await accessibilityViolations(page), [], 'the account page');

      await page.getByRole('button', { name: 'Send its sign-in email again' }).click();
      await page.getByText('Give the reason for this change, for the account\'s history.').first().waitFor();
      assert.deepEqual(await accessibilityViolations(page), [], 'a missing reason');
      await page.getByLabel('Reason').fill(`Caller lost the email (${device})`);
      await page.getByRole('button', { name: 'Send its sign-in email again' }).click();
      assert.match(await page.getByRole('status').innerText(), /is on its way to/);
      await main.getByText(`Email sent again by the help desk (by staff member `).first().waitFor();
      assert.ok(await main.getByText(`Caller lost the email (${device})`).first().isVisible(), 'the reason in the history');

      await page.goto(`${APP_ORIGIN}/staff`);
      await page.getByLabel('National Registry number, email address, or last name').fill(linked.number);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('link', { name: `David Parkcase${device}` }).click();
      await page.getByText(/^Linked by /).waitFor();
      await page.getByLabel('Reason').fill('Lost access to the login.gov account; identity checked by phone');
      await page.getByRole('button', { name: 'Ask to unlink the login.gov account' }).click();
      assert.match(await page.getByRole('status').innerText(), /Another staff member must approve it/);
      await page.getByText('You asked for it: another staff member approves or turns it down.').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Approve the request' }).count(), 0, 'not by who asked');
      assert.deepEqual(await accessibilityViolations(page), [], 'a request waiting');
      const accountPage = page.url();
      await context.close();

      // A second staff member approves it.
      const second = await browser.newContext(options);
      const { page: other } = await openPage(second);
      await staffSignsIn(other, 'Alex Morgan');
      await other.goto(accountPage);
      await other.getByText(/^Waiting for a second staff member: dana\.reyes@dot\.gov asked /).waitFor();
      await other.getByLabel('Reason').fill('Called the examiner back on the number on file');
      await other.getByRole('button', { name: 'Approve the request' }).click();
      assert.match(await other.getByRole('status').innerText(), /was unlinked/);
      await other.getByText('Not linked', { exact: true }).waitFor();
      const [row] = query(`SELECT migration_state, login_gov_subject FROM registry_accounts WHERE registry_number = '${linked.number}'`);
      assert.deepEqual(row, { migration_state: 'migrated', login_gov_subject: null });
      await second.close();
    });

    test('a correction of the name on file is asked with the name on the person\'s documents, and waits for a second staff member', async () => {
      const [renamed] = seedAccounts([{ email: freshEmail(`renamed.${device}`), first: 'Maria', last: `Lopezcase${device}` }]);
      const context = await browser.newContext(options);
      const { page } = await openPage(context);
      await page.goto(`${APP_ORIGIN}/staff`);
      await staffSignsIn(page, 'Dana Reyes');
      await page.getByLabel('National Registry number, email address, or last name').fill(renamed.number);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('link', { name: `Maria Lopezcase${device}` }).click();
      await page.getByLabel('Reason').fill('Married: saw her driver license and marriage certificate');
      await page.getByLabel('First name to put on file').fill('Maria');
      await page.getByRole('button', { name: 'Ask to correct the name on file' }).click();
      await page.getByText('Enter the last name, at most 100 characters.').first().waitFor();
      assert.deepEqual(await accessibilityViolations(page), [], 'a name missing');
      await page.getByLabel('Last name to put on file').fill(`Lopez-Hart${device}`);
      await page.getByRole('button', { name: 'Ask to correct the name on file' }).click();
      assert.match(await page.getByRole('status').innerText(), /Another staff member must approve it/);
      await page.getByText(`correct the name or date of birth on file (to Maria Lopez-Hart${device})`, { exact: false }).waitFor();
      const [row] = query(`SELECT last_name FROM registry_accounts WHERE registry_number = '${renamed.number}'`);
      assert.equal(row.last_name, `Lopezcase${device}`, 'nothing changed before the approval');
      await context.close();
    });

    test('the program office reads the funnel as a chart and as a table, for a State', async () => {
      const sweep = await fetch(`${APP_ORIGIN}/__scheduled?cron=*/5+*+*+*+*`);
      await sweep.arrayBuffer();
      const context = await browser.newContext(options);
      const { page } = await openPage(context);
      await staffSignsIn(page, 'Sam Whitfield');
      assert.equal(await page.getByLabel('National Registry number, email address, or last name').count(), 0, 'not the program office\'s');
      await page.getByRole('link', { name: 'The migration funnel, per day' }).click();
      assert.equal(await heading(page), 'The migration funnel');
      await page.getByText(/^Transfer deadline: /).waitFor();
      assert.match(await page.getByText(/^Transfer deadline: /).innerText(), /^Transfer deadline: \w+ \d{1,2}, \d{4} \(\d+ days left\)$/);
      const chart = page.getByRole('img', { name: 'The migration funnel, per day' });
      await chart.waitFor();
      const table = page.getByRole('table', { name: /The migration funnel, per day/ });
      const total = query('SELECT count(*) AS n FROM registry_accounts')[0].n;
      // On a phone the table is stacked (USWDS), and its cells are no longer cells to the browser: read its text.
      assert.ok(await table.getByText(String(total), { exact: true }).first().isVisible(), `the total, ${total}`);
      assert.deepEqual(await accessibilityViolations(page), [], 'the funnel');
      // Its axes say what they count; on a phone the numbers come first, the chart after.
      const words = await chart.locator('text').allTextContents();
      for (const word of ['Accounts', 'Day', '0']) assert.ok(words.includes(word), `${word} in ${words}`);
      const [chartTop, tableTop] = [(await chart.boundingBox()).y, (await table.boundingBox()).y];
      assert.ok(device === 'phone' ? tableTop < chartTop : chartTop < tableTop, `on a ${device}: chart at ${chartTop}, table at ${tableTop}`);

      await page.getByLabel('State that issued the license').selectOption('MD');
      const maryland = query("SELECT count(*) AS n FROM registry_accounts WHERE license_state = 'MD'")[0].n;
      await table.getByText(String(maryland), { exact: true }).first().waitFor();
      const csv = page.getByRole('link', { name: /Download the Medical Examiners not transferred yet/ });
      assert.equal(await csv.getAttribute('href'), '/api/staff/funnel/outreach.csv?state=MD');
      await context.close();
    });

    test("an administrator reads and changes the staff list, and reads a member's page", async () => {
      const context = await browser.newContext(options);
      const { page } = await openPage(context);
      await staffSignsIn(page, 'Alex Morgan');
      await page.getByRole('link', { name: 'The staff list' }).click();
      assert.equal(await heading(page), 'The staff list');
      await page.getByRole('table', { name: 'The staff list' }).getByText('dana.reyes@dot.gov').waitFor();
      const email = freshEmail(`new.staff.${device}`);
      await page.getByLabel('Email address of their login.gov account').fill(email);
      await page.getByLabel('Role').selectOption('program_office');
      await page.getByRole('button', { name: 'Save' }).click();
      assert.match(await page.getByRole('status').innerText(), /is on the staff list \(Program office\)/);
      await page.getByRole('table', { name: 'The staff list' }).getByText(email).waitFor();
      assert.deepEqual(await accessibilityViolations(page), [], 'the staff list');
      await page.getByRole('button', { name: `Remove ${email}` }).click();
      await page.getByRole('table', { name: 'The staff list' }).getByText(email).waitFor({ state: 'detached' });

      // A member's page: what they did (Dana has signed in, at least).
      await page.getByRole('link', { name: 'dana.reyes@dot.gov' }).click();
      assert.equal(await heading(page), 'A staff member, and what they did');
      const activity = page.getByRole('table', { name: /What they did, newest first/ });
      await activity.getByText('Staff member signed in').first().waitFor();
      assert.deepEqual(await accessibilityViolations(page), [], "a staff member's page");
      await context.close();
    });
  });
}
