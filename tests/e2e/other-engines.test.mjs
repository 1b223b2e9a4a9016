// One whole examiner journey in the engines besides Chromium: Transfer or
// Create Account → the dev mailbox → the email's button → login.gov → "Is this
// your National Registry account?" → My account → Sign out, on a laptop-sized
// window. Firefox ESR runs it on the usual local address; WebKit on the https
// worker (HTTPS_APP_ORIGIN), since it keeps no Secure (so no __Host-) cookie
// on http.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { APP_ORIGIN } from '../support/browser.mjs';
import { query } from '../support/d1.mjs';
import { launchFirefox, launchWebKit } from '../support/engines.mjs';
import { freshEmail, seedAccounts } from '../support/registry.mjs';
import { loginGovPerson } from '../support/sign-in.mjs';
import { SUBMITTED } from '../support/wizard.mjs';

const HTTPS_APP_ORIGIN = process.env.HTTPS_APP_ORIGIN ?? 'https://127.0.0.1:8795';

const text = (words) => `normalize-space()='${words}'`;
const heading = (words) => `//h1[${text(words)}]`;
const link = (words) => `//a[${text(words)}]`;
const button = (words) => `//button[${text(words)}]`;
const field = (label) => `//*[@id=//label[${text(label)}]/@for]`;

/** A person waits for the page to work before they use it: its heading, then the app running it. */
async function arrive(browser, h1) {
  await browser.waitFor(heading(h1));
  await browser.waitFor(`/html[@data-app='live']`);
}

/** The dev mailbox's email `subject` to `address`: its link to `href`, once the queue has delivered it. */
async function emailLink(browser, origin, address, subject, href) {
  const email = `//article[.//p[starts-with(normalize-space(), 'To ${address},')] and .//*[${text(subject)}]]`;
  for (let attempt = 1; ; attempt += 1) {
    await browser.goto(`${origin}/dev/mailbox`);
    await arrive(browser, 'Dev mailbox');
    try {
      return await browser.attribute(`${email}//a[@href='${href}']`, 'href');
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

async function examinerJourney(browser, origin, engine) {
  const email = freshEmail(`journey.${engine}`);
  const last = `Abbott${engine}`;
  const [account] = seedAccounts([{ email, first: 'Helen', last, license: `VA-${Date.now() % 1_000_000}`, state: 'VA' }]);
  const person = await loginGovPerson(`Helen ${last} ${account.number}`, [email]);

  await browser.goto(`${origin}/`);
  await arrive(browser, 'National Registry of Certified Medical Examiners');
  await browser.click(`//header//a[${text('Sign in')}]`);
  await arrive(browser, 'Sign in');
  await browser.click(`//main//a[${text('Transfer or Create Account')}]`);
  await arrive(browser, 'Transfer or Create Account');
  await browser.click(`//label[starts-with(normalize-space(), 'Medical Examiner')]`);
  await browser.click(button('Continue'));
  await browser.fill(field('National Registry number'), account.number);
  await browser.fill(field('Professional license number'), account.license);
  await browser.choose(field('State that issued the license'), account.state);
  await browser.click(button('Submit'));
  await browser.waitFor(`//*[@role='status'][contains(normalize-space(), '${SUBMITTED}')]`);

  const logIn = await emailLink(browser, origin, email, 'Your account was migrated successfully', `${origin}/auth/login`);
  await browser.goto(logIn);
  await browser.click(button(`Sign in as ${person.name}`));
  await arrive(browser, 'Is this your National Registry account?');
  await browser.waitFor(`//main//*[${text(account.number)}]`);
  await browser.click(button('Yes, this is my account'));

  await browser.waitFor(heading('My account'));
  await browser.waitFor(`//main//dd[${text(account.number)}]`);
  assert.equal(await browser.url(), `${origin}/account`);
  assert.equal(
    query(`SELECT migration_state FROM registry_accounts WHERE registry_number = '${account.number}'`)[0].migration_state,
    'linked',
  );

  await browser.click(`//main//form//button[${text('Sign out')}]`);
  await browser.waitFor(`//*[${text('You have signed out.')}]`);
  // Signed out for good: My account sends the person to sign in.
  await browser.goto(`${origin}/account`);
  await arrive(browser, 'Sign in');
}

for (const [engine, launch, origin] of [['firefox', launchFirefox, APP_ORIGIN], ['webkit', launchWebKit, HTTPS_APP_ORIGIN]]) {
  test(`an examiner transfers, links and signs out in ${engine}`, async () => {
    const browser = await launch();
    try {
      console.log(`# ${browser.name} ${browser.version}, at ${origin}`);
      await examinerJourney(browser, origin, engine);
    } catch (error) {
      // Where the person was stuck, for the log.
      console.log(`# stuck at ${await browser.url()}:\n${(await browser.bodyText()).replace(/^/gm, '#   ')}`);
      throw error;
    } finally {
      await browser.close();
    }
  });
}
