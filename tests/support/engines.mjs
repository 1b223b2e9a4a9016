// The browser engines besides Chromium that examiners use: Firefox ESR
// (Debian's, driven by npm's puppeteer-core over WebDriver BiDi) and WebKit,
// the engine of Safari and of every iPhone browser (Debian's WebKitGTK
// MiniBrowser, driven by its WebKitWebDriver over classic WebDriver, in a
// virtual display from xvfb-run). Both come behind one small interface, so
// that a journey is written once:
//   goto(url), url(), click(xpath), fill(xpath, text), choose(xpath, value),
//   waitFor(xpath) → its text, attribute(xpath, name), bodyText(), close()
// Elements are found by XPath, in the words on the screen, which both
// protocols understand.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

import puppeteer from 'puppeteer-core';

const WAIT_MS = 20_000;
const DESKTOP = { width: 1280, height: 800 };

/**
 * Polls `attempt` until it returns something other than undefined, or throws
 * after WAIT_MS. An element that the app redraws (or whose page is replaced)
 * between being found and being used is found again: the command failed
 * before acting on it.
 */
async function waitUntil(what, attempt) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = await attempt().catch((error) => {
      // Firefox names a node of a page that was replaced meanwhile "a document other than the one…".
      const gone = /no such (node|handle)|stale element|context was destroyed|document other than the one/i;
      if (gone.test(error.message)) return undefined;
      throw error;
    });
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`waited ${WAIT_MS / 1000} s for ${what}`);
    await new Promise((resolve) => { setTimeout(resolve, 100); });
  }
}

/** Firefox ESR, headless, through puppeteer-core's WebDriver BiDi. */
export async function launchFirefox() {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
    headless: true,
    acceptInsecureCerts: true,
  });
  const page = await browser.newPage();
  await page.setViewport(DESKTOP);
  // `act` on the first match that is displayed (the header has a phone's and a desktop's "Sign in").
  const on = (xpath, act) => waitUntil(xpath, async () => {
    for (const handle of await page.$$(`::-p-xpath(${xpath})`)) {
      if (await handle.isVisible()) return (await act(handle)) ?? null;
    }
    return undefined;
  });
  return {
    name: 'Firefox ESR',
    version: await browser.version(),
    goto: async (url) => { await page.goto(url); },
    url: () => page.url(),
    click: async (xpath) => { await on(xpath, (handle) => handle.click()); },
    fill: async (xpath, text) => { await on(xpath, (handle) => handle.type(text)); },
    choose: async (xpath, value) => { await on(xpath, (handle) => handle.select(value)); },
    waitFor: (xpath) => on(xpath, (handle) => handle.evaluate((node) => node.textContent)),
    attribute: (xpath, name) => on(xpath, (handle) => handle.evaluate((node, n) => node.getAttribute(n), name)),
    bodyText: () => page.evaluate(() => document.body.innerText),
    close: () => browser.close(),
  };
}

const WEBKIT_MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  return port;
}

/**
 * WebKit: WebKitWebDriver in a virtual display of its own, a session with the
 * MiniBrowser, and the few WebDriver commands a journey needs. The local https
 * worker's certificate is wrangler's own, so the session accepts it.
 */
export async function launchWebKit() {
  const port = await freePort();
  const driver = spawn('xvfb-run', ['--auto-servernum', '--server-args=-screen 0 1280x1024x24',
    'WebKitWebDriver', `--port=${port}`], { detached: true, stdio: 'ignore' });
  const stopDriver = () => { try { process.kill(-driver.pid, 'SIGTERM'); } catch { /* already gone */ } };
  const base = `http://127.0.0.1:${port}`;
  async function command(method, path, body) {
    const response = await fetch(`${base}${path}`, {
      method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body),
    });
    const answer = await response.json();
    // The message names the WebDriver error ("stale element reference"…), which waitUntil reads.
    if (!response.ok) throw Object.assign(new Error(`WebDriver ${method} ${path}: ${answer.value?.error}: ${answer.value?.message}`), { answer });
    return answer.value;
  }
  try {
    await waitUntil('WebKitWebDriver', () => fetch(`${base}/status`).then(() => true, () => undefined));
    const { sessionId, capabilities } = await command('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          acceptInsecureCerts: true,
          'webkitgtk:browserOptions': { binary: process.env.WEBKIT ?? WEBKIT_MINIBROWSER, args: ['--automation'] },
        },
      },
    });
    const session = `/session/${sessionId}`;
    await command('POST', `${session}/window/rect`, DESKTOP);
    // `act` on the first match that is displayed, by its element id.
    const on = (xpath, act) => waitUntil(xpath, async () => {
      const found = await command('POST', `${session}/elements`, { using: 'xpath', value: xpath });
      for (const handle of found) {
        const id = Object.values(handle)[0];
        if (await command('GET', `${session}/element/${id}/displayed`)) return (await act(`${session}/element/${id}`)) ?? null;
      }
      return undefined;
    });
    return {
      name: 'WebKit',
      version: capabilities.browserVersion,
      goto: async (url) => { await command('POST', `${session}/url`, { url }); },
      url: () => command('GET', `${session}/url`),
      click: async (xpath) => { await on(xpath, (element) => command('POST', `${element}/click`, {})); },
      fill: async (xpath, text) => { await on(xpath, (element) => command('POST', `${element}/value`, { text })); },
      // A person picks the option; WebDriver clicks it.
      choose: async (xpath, value) => {
        await on(`${xpath}/option[@value='${value}']`, (element) => command('POST', `${element}/click`, {}));
      },
      waitFor: (xpath) => on(xpath, (element) => command('GET', `${element}/text`)),
      attribute: (xpath, name) => on(xpath, (element) => command('GET', `${element}/attribute/${name}`)),
      bodyText: () => command('POST', `${session}/execute/sync`, { script: 'return document.body.innerText', args: [] }),
      close: async () => {
        await command('DELETE', session).catch(() => {});
        stopDriver();
      },
    };
  } catch (error) {
    stopDriver();
    throw error;
  }
}
