// People who work for examiners, in Chromium on a desktop and a phone, with
// axe on every page: a third party signs in with their own login.gov account,
// asks two examiners for access, both approve from My account, the third party
// switches between them, and one revokes — the next look at that examiner's
// account is refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { APP_ORIGIN, VIEWPORTS, launchChromium } from '../support/browser.mjs';
import { accessibilityViolations, heading, openPage } from '../support/pages.mjs';
import { freshEmail, seedAccounts } from '../support/registry.mjs';
import { loginGovPerson } from '../support/sign-in.mjs';
import { emailTo, logInAs } from '../support/wizard.mjs';

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

/** An examiner, migrated, who signs in and answers "Yes, this is my account" in their own browser context. */
async function examinerSignedIn(options, examiner) {
  const context = await browser.newContext(options);
  const { page, errors } = await openPage(context);
  await page.goto(`${APP_ORIGIN}/sign-in`);
  await logInAs(page, await loginGovPerson(`${examiner.first} ${examiner.last} ${examiner.number}`, [examiner.email]));
  await page.waitForURL(`${APP_ORIGIN}/sign-in/confirm`);
  await page.getByRole('button', { name: 'Yes, this is my account' }).click();
  await page.waitForURL(`${APP_ORIGIN}/account`);
  return { context, page, errors };
}

for (const [device, options] of Object.entries(VIEWPORTS)) {
  describe(`on a ${device}`, () => {
    test('a third party asks two examiners, both approve, the third party switches between them, one revokes', async () => {
      const [ana, ben] = seedAccounts([
        { first: 'Ana', last: `Okafor${device}`, email: freshEmail(`ana.${device}`), migration: 'migrated' },
        { first: 'Ben', last: `Haddad${device}`, email: freshEmail(`ben.${device}`), migration: 'migrated' },
      ]);
      const carlaEmail = freshEmail(`carla.${device}`);
      const carla = await loginGovPerson(`Carla Third Party ${device} ${ana.number}`, [carlaEmail]);
      const context = await browser.newContext(options);
      const { page, errors } = await openPage(context);

      await page.goto(`${APP_ORIGIN}/work-for`);
      assert.equal(await heading(page), 'Examiners you work for');
      assert.deepEqual(await accessibilityViolations(page), [], 'signed out');
      await page.getByRole('link', { name: 'Sign in with login.gov to work for examiners' }).click();
      await page.getByRole('button', { name: `Sign in as ${carla.name}` }).click();
      await page.waitForURL(`${APP_ORIGIN}/work-for`);
      await page.getByText(`Signed in with login.gov as ${carlaEmail}.`).waitFor();
      await page.getByText('You do not work for any examiner yet.').waitFor();

      for (const examiner of [ana, ben]) {
        await page.getByLabel("The examiner's National Registry number").fill(examiner.number);
        await page.getByRole('group', { name: 'You work for them as' }).getByText('Third Party', { exact: true }).click();
        await page.getByLabel('Your full name').fill('Carla Diaz');
        await page.getByLabel('Your organization (Third Party)').fill('Fleet Health Services');
        await page.getByRole('button', { name: 'Ask for access' }).click();
        await page.getByText('If this number belongs to a medical examiner, they have been asked.').waitFor();
        await page.getByRole('cell', { name: `National Registry number ${examiner.number}` }).or(
          page.getByText(`National Registry number ${examiner.number}`)).first().waitFor();
      }
      assert.deepEqual(await accessibilityViolations(page), [], 'two requests waiting');

      for (const examiner of [ana, ben]) {
        await emailTo(page, examiner.email, 'Someone asked to work for you on the National Registry');
        const signedIn = await examinerSignedIn(options, examiner);
        const mine = signedIn.page;
        await mine.getByRole('heading', { name: 'Carla Diaz, Fleet Health Services' }).waitFor();
        assert.deepEqual(await accessibilityViolations(mine), [], 'a request on My account');
        await mine.getByLabel('Access for Carla Diaz lasts').selectOption('three_months');
        await mine.getByRole('button', { name: 'Approve Carla Diaz' }).click();
        await mine.getByText('Approved. We emailed them.').waitFor();
        await mine.getByRole('button', { name: 'Revoke access for Carla Diaz' }).waitFor();
        assert.deepEqual(signedIn.errors, []);
        if (examiner === ben) Object.assign(ben, { myAccount: signedIn });
        else await signedIn.context.close();
      }

      await emailTo(page, carlaEmail, 'You can now work for an examiner on the National Registry');
      await page.goto(`${APP_ORIGIN}/work-for`);
      await heading(page);
      const benGrant = await grantIdOf(page, ben);
      for (const examiner of [ana, ben]) {
        await page.getByRole('link', { name: `Work for ${examiner.first} ${examiner.last} (${examiner.number})` }).click();
        assert.equal(await heading(page), 'Working for an examiner');
        await page.getByText(`You are working for ${examiner.first} ${examiner.last} (${examiner.number}) as a Third Party.`).waitFor();
        await page.getByText(examiner.license).waitFor();
        assert.deepEqual(await accessibilityViolations(page), [], `working for ${examiner.first}`);
        await page.getByRole('link', { name: 'Examiners you work for' }).last().click();
        assert.equal(await heading(page), 'Examiners you work for');
      }

      const benPage = ben.myAccount.page;
      await benPage.getByRole('button', { name: 'Revoke access for Carla Diaz' }).click();
      await benPage.getByText('Access revoked.', { exact: false }).waitFor();
      await ben.myAccount.context.close();

      await page.goto(`${APP_ORIGIN}/work-for`);
      await heading(page);
      await page.getByText('Revoked').waitFor();
      assert.equal(await page.getByRole('link', { name: new RegExp(`Work for Ben`) }).count(), 0);
      await page.goto(`${APP_ORIGIN}/work-for/${benGrant}`);
      await page.getByText("You do not have access to this examiner's account").waitFor();
      assert.deepEqual(await accessibilityViolations(page), [], 'refused');
      await page.goto(`${APP_ORIGIN}/work-for/${await grantIdOf(page, ana)}`);
      await page.getByText(`You are working for Ana Okafor${device}`).waitFor();
      // The browser logs the answers the page expects (signed out at first: 401; the refused look: 403); nothing else.
      assert.deepEqual(errors.filter((e) => !/status of (401|403)/.test(e)), []);
      await context.close();
    });
  });
}

/** The grant of the approved examiner's link on Examiners you work for. */
async function grantIdOf(page, examiner) {
  await page.goto(`${APP_ORIGIN}/work-for`);
  const href = await page.getByRole('link', { name: new RegExp(`Work for ${examiner.first}`) }).getAttribute('href');
  return href.split('/').pop();
}
