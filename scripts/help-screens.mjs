// The pictures of "How to sign in" (app/src/pages/how_to_sign_in.rs): each a
// phone-width view of one of the registry's screens, as a person meets it,
// taken from the running system (see scripts/help-screens). Small JPEGs: the
// page loads them lazily.
//   node scripts/help-screens.mjs OUT_DIR   (APP_ORIGIN, LOGIN_GOV_ISSUER from the environment)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { APP_ORIGIN, launchChromium } from '../tests/support/browser.mjs';
import { appIsLive, heading } from '../tests/support/pages.mjs';
import { freshEmail, seedAccounts } from '../tests/support/registry.mjs';
import { loginGovPerson } from '../tests/support/sign-in.mjs';
import { chooseAccountType, identifyExaminer, logInAs, submit } from '../tests/support/wizard.mjs';

const out = process.argv[2];
if (!out) throw new Error('usage: node scripts/help-screens.mjs OUT_DIR');
mkdirSync(out, { recursive: true });

const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 390, height: 640 }, deviceScaleFactor: 1 });
const page = await context.newPage();
const picture = async (name) => {
  await appIsLive(page);
  await page.screenshot({ path: join(out, `${name}.jpg`), type: 'jpeg', quality: 70 });
  console.log(`${out}/${name}.jpg`);
};

const email = freshEmail('jordan.rivera');
const [account] = seedAccounts([{ email, first: 'Jordan', last: 'Rivera', license: 'VA-0427193', migration: 'legacy' }]);

await page.goto(`${APP_ORIGIN}/sign-in`);
await heading(page);
await picture('sign-in');

await page.getByRole('main').getByRole('link', { name: 'Transfer or Create Account' }).click();
await page.getByRole('heading', { name: /Account type/ }).waitFor();
await picture('account-type');
await chooseAccountType(page, 'Medical Examiner');
await identifyExaminer(page, account);
await picture('identify');
await submit(page);
await page.getByRole('status').waitFor();
await picture('submitted');

// The person at login.gov with the email on file; back at the registry, the question, then My account.
const person = await loginGovPerson('Jordan Rivera', [email]);
await page.goto(`${APP_ORIGIN}/sign-in`);
await heading(page);
await logInAs(page, person);
await page.waitForURL(`${APP_ORIGIN}/sign-in/confirm`);
await page.getByRole('button', { name: 'Yes, this is my account' }).waitFor();
await picture('is-this-your-account');
await page.getByRole('button', { name: 'Yes, this is my account' }).click();
await page.waitForURL(`${APP_ORIGIN}/account`);
await page.getByRole('main').getByText(account.number).waitFor();
await picture('my-account');

await browser.close();
