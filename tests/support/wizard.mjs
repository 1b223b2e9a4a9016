// Page objects for Transfer or Create Account, the dev mailbox and Log in:
// what a person does, in the words on the screen.
import { APP_ORIGIN } from './browser.mjs';
import { appIsLive, heading } from './pages.mjs';

export const SUBMITTED = 'Details on how to proceed have been sent to the email address on file, if it exists.';

/** From the home page: Sign in (on a phone too, on the first screen), then Transfer or Create Account. */
export async function startTransfer(page) {
  await page.goto(`${APP_ORIGIN}/`);
  await heading(page);
  await page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true }).click();
  await page.getByRole('main').getByRole('link', { name: 'Transfer or Create Account' }).click();
  await page.waitForURL(/\/transfer$/);
  await appIsLive(page);
  await page.getByRole('heading', { name: /Account type/ }).waitFor();
}

/** USWDS hides the radio itself; a person clicks its label. */
export async function chooseAccountType(page, label) {
  const name = new RegExp(`^${label} You`);
  const id = await page.getByRole('radio', { name }).getAttribute('id');
  await page.locator(`label[for="${id}"]`).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: /Identify the account/ }).waitFor();
}

export async function identifyExaminer(page, { number, license, state }) {
  await page.getByLabel('National Registry number').fill(number);
  await page.getByLabel('Professional license number').fill(license);
  await page.getByLabel('State that issued the license').selectOption(state);
}

export async function identifyAssistant(page, { examiner, email }) {
  await page.getByLabel('Examiner’s National Registry number').fill(examiner);
  await page.getByLabel('Email address on file for your account').fill(email);
}

export async function submit(page) {
  await page.getByRole('button', { name: 'Submit' }).click();
}

/** A whole Transfer or Create Account for an examiner, from the home page to the Submitted message. */
export async function transferExaminer(page, examiner) {
  await startTransfer(page);
  await chooseAccountType(page, 'Medical Examiner');
  await identifyExaminer(page, examiner);
  await submit(page);
  await page.getByRole('status').waitFor();
}

/** The dev mailbox's newest email to `address`, waiting for the queue to deliver it. */
export async function emailTo(page, address, subject) {
  for (let i = 0; i < 40; i += 1) {
    await page.goto(`${APP_ORIGIN}/dev/mailbox`);
    await heading(page);
    await page.getByText('Loading the mailbox…').waitFor({ state: 'detached' });
    const email = page.getByRole('article').filter({ hasText: `To ${address}` }).filter({ hasText: subject });
    if (await email.count() > 0) return email.first();
    await page.waitForTimeout(250);
  }
  throw new Error(`no email "${subject}" to ${address} in the dev mailbox`);
}

/** On the sign-in page: Log in, then choose the person on the login.gov stand-in. */
export async function logInAs(page, person) {
  await page.getByRole('main').getByRole('link', { name: 'Log in' }).click();
  await page.getByRole('button', { name: `Sign in as ${person.name}` }).click();
}
