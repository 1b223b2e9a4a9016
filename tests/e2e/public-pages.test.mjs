// Every public page in Chromium, on a desktop and on a 390 × 844 phone: its
// heading and the government banner show, the console stays clean, and axe
// finds no WCAG 2.1 A/AA violation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { APP_ORIGIN, VIEWPORTS, launchChromium } from '../support/browser.mjs';
import { BANNER_TEXT, PUBLIC_PAGES, accessibilityViolations, heading, openPage } from '../support/pages.mjs';

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

for (const [device, options] of Object.entries(VIEWPORTS)) {
  describe(`on a ${device}`, () => {
    for (const { path, heading: expected } of PUBLIC_PAGES) {
      test(`${path} shows "${expected}" under the banner, with no console error and no axe violation`, async () => {
        const context = await browser.newContext(options);
        const { page, errors } = await openPage(context);
        await page.goto(`${APP_ORIGIN}${path}`);
        assert.equal(await heading(page), expected);
        assert.ok(await page.getByText(BANNER_TEXT).isVisible());
        assert.ok(await page.getByRole('contentinfo').getByText('Federal Motor Carrier Safety Administration').isVisible());
        assert.deepEqual(await accessibilityViolations(page), []);
        assert.deepEqual(errors, []);
        await context.close();
      });
    }
  });
}
