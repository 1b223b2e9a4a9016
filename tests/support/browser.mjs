// Headless Debian Chromium for the browser tests and the size benchmark.
// Never Playwright's own browser download: this machine cannot fetch it.
import { chromium } from 'playwright-core';

export const APP_ORIGIN = process.env.APP_ORIGIN ?? 'http://127.0.0.1:8787';

/** The viewports every page is checked at: a laptop and a 390 × 844 phone. */
export const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 },
};

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
}
