// Staff API benchmark on the full-size registry, signed in as a demo
// administrator (who reaches every part): each case's requests taken in turn
// within one load. A year of daily funnel rows is written first, as the cron
// would have. Prints the figures; never fails on them.
//   scripts/bench-staff
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { query } from '../support/d1.mjs';
import { HEADER, interleaved } from '../support/load.mjs';
import { browser, staffSignIn } from '../support/sign-in.mjs';

const APP = process.env.APP_ORIGIN ?? 'http://127.0.0.1:8787';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);

const rows = readFileSync(join(process.env.STATE_DIR, 'full-registry.csv'), 'utf8').trim().split('\n').slice(1).map((r) => r.split(','));
const examiners = rows.filter((f) => f[1] === 'examiner');
console.log(`${rows.length} accounts in the registry; ${REQUESTS} requests per case`);

// A year of the cron's daily rows: today's counts, written for each of 365 days.
await fetch(`${APP}/__scheduled?cron=*/5+*+*+*+*`).then((r) => r.arrayBuffer());
query(`WITH RECURSIVE d(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM d WHERE n < 365)
  INSERT OR REPLACE INTO funnel_days (day, account_type, license_state, stage, accounts)
  SELECT date('now', '-' || n || ' days'), account_type, license_state, stage, accounts FROM funnel_counts, d`);
console.log(`${query('SELECT count(*) AS n FROM funnel_days')[0].n} funnel rows`);

const admin = browser();
const location = await staffSignIn(admin, { sub: '7d9f1b3c-4e6a-4c8d-8f2b-8c0e2a4b6d73' });
if (location.pathname !== '/staff') throw new Error(`the demo administrator was not signed in: ${location}`);
const accountId = query(`SELECT id FROM registry_accounts WHERE registry_number = '${examiners[5000][0]}'`)[0].id;

const get = (path) => admin.go(`${APP}${path}`).then(async (r) => { await r.arrayBuffer(); return r.status; });
let i = 0;
const next = () => examiners[(i += 7919) % examiners.length];
const cases = [
  ['search: registry number', () => get(`/api/staff/accounts?q=${next()[0]}`)],
  ['search: email', () => get(`/api/staff/accounts?q=${encodeURIComponent(next()[7])}`)],
  ['search: last-name prefix', () => get(`/api/staff/accounts?q=${encodeURIComponent(next()[4].slice(0, 3))}`)],
  ['search: email prefix', () => get(`/api/staff/accounts?q=${encodeURIComponent(next()[7].slice(0, 4))}`)],
  ['account page', () => get(`/api/staff/accounts/${accountId}`)],
  ['funnel: all, 366 days', () => get('/api/staff/funnel')],
  ['funnel: examiners in MD', () => get('/api/staff/funnel?type=examiner&state=MD')],
  ['outreach CSV: MD', () => get('/api/staff/funnel/outreach.csv?state=MD')],
];
console.log(HEADER);
await interleaved(cases, { requests: cases.length * 20, concurrency: 1 }); // warm-up
await interleaved(cases, { requests: cases.length * REQUESTS, concurrency: 1, maxSeconds: 240 });
console.log('Goals: search < 300 ms, funnel < 500 ms (p99 above).');
