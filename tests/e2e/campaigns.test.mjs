// Reminder campaigns in Chromium, on a desktop and on a phone: the program
// office (Sam Whitfield) composes a campaign and reads its emails before
// anything is sent; an administrator (Alex Morgan) approves it; its page
// shows the progress as the cron sends; the campaigns are compared side by
// side. axe on every page. Each viewport's audience is its own territory's
// examiners, seeded here.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { APP_ORIGIN, VIEWPORTS, launchChromium } from '../support/browser.mjs';
import { query } from '../support/d1.mjs';
import { accessibilityViolations, heading, openPage, staffSignsIn } from '../support/pages.mjs';
import { freshEmail, seedAccounts } from '../support/registry.mjs';

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

const TERRITORY = { desktop: ['GU', 'Guam'], phone: ['VI', 'U.S. Virgin Islands'] };

for (const [device, options] of Object.entries(VIEWPORTS)) {
  describe(`on a ${device}`, () => {
    test('the program office composes and reads a campaign, an administrator approves it, it sends, and campaigns are compared', async () => {
      const [code, territory] = TERRITORY[device];
      seedAccounts([1, 2, 3, 4].map((i) => ({ email: freshEmail(`reminded.${device}.${i}`), state: code })));
      const name = `${territory} reminder ${Date.now() % 100000}`;

      const office = await browser.newContext(options);
      const { page } = await openPage(office);
      await staffSignsIn(page, 'Sam Whitfield');
      await page.getByRole('link', { name: 'Reminder campaigns to those who have not moved' }).click();
      assert.equal(await heading(page), 'Reminder campaigns');
      await page.getByRole('button', { name: 'Compose' }).click();
      await page.getByText('Enter a name for the campaign, for the staff\'s pages.').first().waitFor();
      assert.deepEqual(await accessibilityViolations(page), [], 'a campaign without a name');
      await page.getByLabel('Name of the campaign (for staff only)').fill(name);
      await page.getByLabel('Account type').selectOption('examiner');
      await page.getByLabel('State that issued the license').selectOption(code);
      await page.getByLabel('Who it writes to').selectOption('legacy');
      await page.getByLabel('A sentence of your own, added to the email (optional)').fill('The help desk can walk you through it.');
      await page.getByRole('button', { name: 'Compose' }).click();
      assert.match(await page.getByRole('status').innerText(), /is composed: another administrator approves it/);
      const table = page.getByRole('table', { name: /Reminder campaigns, newest first/ });
      await table.getByRole('link', { name }).click();
      assert.equal(await heading(page), 'A reminder campaign');
      const main = page.getByRole('main');
      await main.getByText(`Medical Examiner in ${territory}: Not transferred`).waitFor();
      const audience = query(`SELECT count(*) AS n FROM registry_accounts WHERE license_state = '${code}' AND migration_state = 'legacy' AND awaiting_fix = 0`)[0].n;
      assert.ok(await main.getByText(String(audience), { exact: true }).first().isVisible(), `its audience, ${audience}`);
      assert.equal(await main.getByText(/^To .*: Transfer your National Registry account to login\.gov$/).count(), 3, 'three emails, as written');
      assert.ok(await main.getByText('The help desk can walk you through it.').first().isVisible());
      await main.getByText('It sends nothing until an administrator who did not compose it approves it.').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Approve and send' }).count(), 0, 'not the program office\'s');
      assert.deepEqual(await accessibilityViolations(page), [], 'a draft campaign');
      const campaignPage = page.url();

      const adminContext = await browser.newContext(options);
      const { page: adminPage } = await openPage(adminContext);
      await staffSignsIn(adminPage, 'Alex Morgan');
      await adminPage.goto(campaignPage);
      await adminPage.getByRole('button', { name: 'Approve and send' }).click();
      assert.match(await adminPage.getByRole('status').innerText(), /The campaign is sending/);
      await adminPage.getByText('Approved by').waitFor();
      assert.deepEqual(await accessibilityViolations(adminPage), [], 'an approved campaign');
      await adminContext.close();

      // The cron writes its emails; the page, read again while they wait, shows them sent.
      await (await fetch(`${APP_ORIGIN}/__scheduled?cron=*/5+*+*+*+*`)).arrayBuffer();
      await page.reload();
      const progress = page.getByRole('table', { name: 'The campaign\'s emails' });
      await progress.getByText(String(audience), { exact: true }).nth(1).waitFor({ timeout: 20_000 });
      await page.getByText('Done', { exact: true }).waitFor({ timeout: 15_000 });
      assert.deepEqual(await accessibilityViolations(page), [], 'a campaign done');

      // Side by side: every campaign of the last 400 days, as bars and a table.
      await page.getByRole('link', { name: 'Back to the campaigns' }).click();
      await page.getByRole('img', { name: 'Reminder campaigns compared' }).waitFor();
      await table.getByRole('link', { name }).waitFor();
      // The phone's runs after the desktop's: both campaigns are there to compare.
      if (device === 'phone') assert.ok(await table.getByRole('link').count() >= 2, 'campaigns to compare');
      assert.deepEqual(await accessibilityViolations(page), [], 'the campaigns compared');
      await office.close();
    });
  });
}
