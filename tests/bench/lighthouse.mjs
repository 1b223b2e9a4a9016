// Lighthouse (npm, with Debian's Chromium) on the public pages, as a phone
// sees them (Lighthouse's default mobile emulation and throttling). Prints
// each page's scores and timings beside the targets; never fails on them.
//   scripts/bench-lighthouse
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const APP = process.env.APP_ORIGIN ?? 'http://127.0.0.1:8787';
const PAGES = ['/', '/sign-in', '/transfer', '/help', '/help/login-gov', '/help/how-to-sign-in', '/help/contact'];
const TARGETS = 'targets: performance ≥ 98, SEO 100, LCP ≤ 1.5 s, CLS ≤ 0.02';

const dir = mkdtempSync(join(tmpdir(), 'lighthouse-'));
const report = join(dir, 'report.json');
/** One Lighthouse run; a run whose Chromium failed to start is tried once more. */
function lighthouse(url, attempt = 1) {
  try {
    execFileSync('lighthouse', [
      url, '--quiet', '--output=json', `--output-path=${report}`,
      '--only-categories=performance,accessibility,best-practices,seo',
      '--chrome-flags=--headless=new --no-sandbox',
    ], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' } });
  } catch (error) {
    if (attempt > 1) throw error;
    console.error(`lighthouse ${url} failed (${error.status}); once more`);
    lighthouse(url, attempt + 1);
  }
  return JSON.parse(readFileSync(report, 'utf8'));
}

const rows = [];
for (const path of PAGES) {
  const { categories: c, audits: a } = lighthouse(`${APP}${path}`);
  const score = (name) => Math.round(c[name].score * 100);
  rows.push({
    path,
    performance: score('performance'),
    accessibility: score('accessibility'),
    'best practices': score('best-practices'),
    seo: score('seo'),
    'FCP s': (a['first-contentful-paint'].numericValue / 1000).toFixed(2),
    'LCP s': (a['largest-contentful-paint'].numericValue / 1000).toFixed(2),
    CLS: a['cumulative-layout-shift'].numericValue.toFixed(3),
    'TBT ms': Math.round(a['total-blocking-time'].numericValue),
    KiB: Math.round(a['total-byte-weight'].numericValue / 1024),
  });
}
rmSync(dir, { recursive: true, force: true });

const columns = Object.keys(rows[0]);
const width = (k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)) + 2;
console.log(`Lighthouse ${execFileSync('lighthouse', ['--version'], { encoding: 'utf8' }).trim()}, mobile, ${APP}`);
console.log(columns.map((k) => k.padStart(width(k))).join(''));
for (const r of rows) console.log(columns.map((k) => String(r[k]).padStart(width(k))).join(''));
console.log(TARGETS);
