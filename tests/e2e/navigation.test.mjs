// A person moves between the public pages with the header, the page's own
// links and the browser's back button, on a desktop and on a phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { APP_ORIGIN, VIEWPORTS, launchChromium } from '../support/browser.mjs';
import { BANNER_TEXT, accessibilityViolations, appIsLive, heading, openPage } from '../support/pages.mjs';

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

/** Follows a link until its page is the one shown: a link to another bundle's page loads it in full. */
async function follow(page, link) {
  const href = await link.getAttribute('href');
  await link.click();
  await page.waitForURL((url) => url.pathname === href);
}

/** Follows a header link; on a phone the links are behind the Menu button. */
async function followHeaderLink(page, device, name) {
  if (device === 'phone') await page.getByRole('button', { name: 'Menu' }).click();
  await follow(page, page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name, exact: true }));
}

for (const [device, options] of Object.entries(VIEWPORTS)) {
  describe(`on a ${device}`, () => {
    test('the header leads to every help page, and back goes back', async () => {
      const context = await browser.newContext(options);
      const { page, errors } = await openPage(context);
      await page.goto(`${APP_ORIGIN}/`);
      assert.equal(await heading(page), 'National Registry of Certified Medical Examiners');

      await followHeaderLink(page, device, 'How to sign in');
      assert.equal(await heading(page), 'How to sign in');
      assert.equal(new URL(page.url()).pathname, '/help/how-to-sign-in');
      assert.match(await page.title(), /^How to sign in \| National Registry/);

      await followHeaderLink(page, device, 'About login.gov');
      assert.equal(await heading(page), 'What is login.gov and why do I have to create an account?');

      await followHeaderLink(page, device, 'Help desk');
      assert.equal(await heading(page), 'Contact the help desk');
      assert.ok(await page.getByRole('link', { name: 'fmctechsup@dot.gov' }).isVisible());
      assert.ok(await page.getByRole('link', { name: '617.494.3003' }).isVisible());
      assert.equal(await page.getByRole('link', { name: '617.494.3003' }).getAttribute('href'), 'tel:+16174943003');

      await followHeaderLink(page, device, 'Support');
      assert.equal(await heading(page), 'National Registry Support');
      await page.getByText('No email came after Transfer or Create Account').waitFor();
      await page.getByText('Page last updated:').waitFor();
      await page.goBack();
      assert.equal(await heading(page), 'Contact the help desk');

      await page.goBack();
      assert.equal(await heading(page), 'What is login.gov and why do I have to create an account?');

      await follow(page, page.getByRole('link', { name: 'National Registry of Certified Medical Examiners' }));
      assert.equal(await heading(page), 'National Registry of Certified Medical Examiners');
      assert.deepEqual(errors, []);
      await context.close();
    });

    test('the home page links to the FAQ and the step by step', async () => {
      const context = await browser.newContext(options);
      const { page, errors } = await openPage(context);
      await page.goto(`${APP_ORIGIN}/`);
      await follow(page, page.getByRole('main').getByRole('link', { name: 'What is login.gov and why do I have to create an account?' }));
      assert.equal(await heading(page), 'What is login.gov and why do I have to create an account?');
      await follow(page, page.getByRole('link', { name: 'step by step instructions' }));
      assert.equal(await heading(page), 'How to sign in');
      assert.deepEqual(errors, []);
      await context.close();
    });

    test('the "Sign in" link is in the header, top right, on the first screen, once', async () => {
      const context = await browser.newContext(options);
      const { page } = await openPage(context);
      await page.goto(`${APP_ORIGIN}/help/contact`);
      await heading(page);
      const signIn = page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true });
      assert.equal(await signIn.count(), 1, 'one Sign in a person can see');
      const box = await signIn.boundingBox();
      const { width, height } = options.viewport;
      assert.ok(box.x > width / 2 && box.y + box.height < height, 'Sign in sits on the right, without scrolling or opening the menu');
      if (device === 'phone') {
        await page.getByRole('button', { name: 'Menu' }).click();
        assert.equal(await signIn.count(), 1, 'the open menu adds no second Sign in');
      }
      await context.close();
    });

    test("the banner's “Here’s how you know” opens and closes", async () => {
      const context = await browser.newContext(options);
      const { page, errors } = await openPage(context);
      await page.goto(`${APP_ORIGIN}/`);
      await heading(page);
      const toggle = page.getByRole('button', { name: 'Here’s how you know' });
      const explanation = page.getByText('Official websites use .gov');
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      assert.equal(await explanation.isVisible(), false);
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      assert.ok(await explanation.isVisible());
      assert.deepEqual(await accessibilityViolations(page), []);
      await toggle.click();
      assert.equal(await explanation.isVisible(), false);
      assert.ok(await page.getByText(BANNER_TEXT).isVisible());
      assert.deepEqual(errors, []);
      await context.close();
    });
  });
}

test('the phone menu opens, passes axe, and closes with its button or Escape', async () => {
  const context = await browser.newContext(VIEWPORTS.phone);
  const { page } = await openPage(context);
  await page.goto(`${APP_ORIGIN}/`);
  await heading(page);
  const nav = page.getByRole('navigation', { name: 'Primary' });
  assert.equal(await nav.getByRole('link', { name: 'Help desk' }).isVisible(), false);
  await page.getByRole('button', { name: 'Menu' }).click();
  assert.ok(await nav.getByRole('link', { name: 'Help desk' }).isVisible());
  assert.deepEqual(await accessibilityViolations(page), []);
  await nav.getByRole('button', { name: 'Close' }).click();
  assert.equal(await nav.getByRole('link', { name: 'Help desk' }).isVisible(), false);
  await page.getByRole('button', { name: 'Menu' }).click();
  await nav.getByRole('link', { name: 'Help desk' }).focus();
  await page.keyboard.press('Escape');
  assert.equal(await nav.getByRole('link', { name: 'Help desk' }).isVisible(), false);
  await context.close();
});

test('the skip link takes a keyboard user past the header to the page', async () => {
  const context = await browser.newContext(VIEWPORTS.desktop);
  const { page } = await openPage(context);
  await page.goto(`${APP_ORIGIN}/help/how-to-sign-in`);
  await heading(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  assert.ok(await skip.evaluate((el) => el === document.activeElement));
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main-content');
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.activeElement.closest('main') !== null), 'the next Tab stays in the page');
  await context.close();
});

test('each page loads only its own bundle: the public pages, the help pages, or the transfer pages', async () => {
  const context = await browser.newContext(VIEWPORTS.desktop);
  for (const [path, mine, other] of [['/', 'public', 'help'], ['/help/contact', 'help', 'public'], ['/transfer', 'transfer', 'public']]) {
    const { page, errors } = await openPage(context);
    const wasm = [];
    page.on('request', (request) => { if (request.url().endsWith('.wasm')) wasm.push(new URL(request.url()).pathname); });
    await page.goto(`${APP_ORIGIN}${path}`);
    await heading(page);
    assert.equal(wasm.length, 1, `${path} loads one bundle`);
    assert.match(wasm[0], new RegExp(`^/pkg/${mine}_bg\\.[0-9a-f]{16}\\.wasm$`), `${path} loads ${mine}, not ${other}`);
    assert.deepEqual(errors, []);
    await page.close();
  }
  await context.close();
});

test('a link to the other bundle’s pages loads them, and back returns', async () => {
  const context = await browser.newContext(VIEWPORTS.desktop);
  const { page, errors } = await openPage(context);
  await page.goto(`${APP_ORIGIN}/sign-in`);
  await heading(page);
  await page.getByRole('main').getByRole('link', { name: 'Transfer or Create Account' }).click();
  await page.waitForURL(/\/transfer$/);
  await appIsLive(page);
  await page.getByRole('heading', { name: /Account type/ }).waitFor();
  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Help desk' }).click();
  await page.waitForURL(/\/help\/contact$/);
  assert.equal(await heading(page), 'Contact the help desk');
  await page.goBack();
  await page.getByRole('heading', { name: /Account type/ }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
