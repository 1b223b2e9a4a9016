// Size benchmark: what a browser downloads for the first page (loaded in
// Chromium, every response recorded), raw, gzip and brotli, and the worker
// bundle gzipped. Prints figures; never fails on them.
//   scripts/bench-size
import { readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

import { APP_ORIGIN, VIEWPORTS, launchChromium } from '../support/browser.mjs';

const FIRST_PAGE_TARGET = 150 * 1024;
const WORKER_TARGET = 500 * 1024;

const sizes = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);

const browser = await launchChromium();
const page = await (await browser.newContext(VIEWPORTS.desktop)).newPage();
const downloads = [];
page.on('response', (response) => downloads.push(response));
await page.goto(`${APP_ORIGIN}/`, { waitUntil: 'networkidle' });
await page.getByRole('heading', { level: 1 }).waitFor();

const rows = [];
for (const response of downloads) {
  const body = await response.body().catch(() => Buffer.alloc(0));
  rows.push({ path: new URL(response.url()).pathname, ...sizes(body) });
}
await browser.close();

console.log(`First page (${APP_ORIGIN}/), as Chromium downloaded it:`);
console.log(`${'file'.padEnd(58)}${'raw'.padStart(9)}${'gzip'.padStart(9)}${'brotli'.padStart(9)}`);
for (const r of rows) console.log(`${r.path.padEnd(58)}${kb(r.raw)}${kb(r.gzip)}${kb(r.brotli)}`);
const total = (k) => rows.reduce((sum, r) => sum + r[k], 0);
console.log(`${'total'.padEnd(58)}${kb(total('raw'))}${kb(total('gzip'))}${kb(total('brotli'))}`);
console.log(`first page brotli: ${kb(total('brotli')).trim()} (target ≤ ${kb(FIRST_PAGE_TARGET).trim()})`);

const worker = ['functions/build/index_bg.wasm', 'functions/build/index.js', 'functions/build/worker/shim.mjs']
  .map((f) => sizes(readFileSync(f)))
  .reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }));
console.log(`worker bundle: ${kb(worker.raw).trim()} raw, ${kb(worker.gzip).trim()} gzip (target ≤ ${kb(WORKER_TARGET).trim()})`);
