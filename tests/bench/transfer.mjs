// Transfer benchmark on the full-size registry: POST /api/transfer for
// claims that match an account and claims that match none, with GET
// /api/health as the floor, their requests taken in turn within one load so
// that all three meet the same conditions; one request at a time, then
// BENCH_CONCURRENCY at a time. Prints the figures and how far apart the found
// and not-found medians are. Never fails on figures.
//   scripts/bench-transfer
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { HEADER, interleaved } from '../support/load.mjs';

const APP = process.env.APP_ORIGIN ?? 'http://127.0.0.1:8787';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);

// The examiners of the synthetic registry the system loaded, as they would type themselves.
const rows = readFileSync(join(process.env.STATE_DIR, 'full-registry.csv'), 'utf8').trim().split('\n').slice(1);
const examiners = rows.map((row) => row.split(',')).filter((f) => f[1] === 'examiner')
  .map(([number, , , , , license, state]) => ({ account_type: 'examiner', registry_number: number, license_number: license, license_state: state }));
console.log(`${examiners.length} examiners in the registry; ${REQUESTS} requests per case`);

const status = async (response) => { await response.arrayBuffer(); return response.status; };
const post = (form) => fetch(`${APP}/api/transfer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(form) }).then(status);
let found = 0;
let missing = 0;
const cases = [
  ['GET /api/health (floor)', () => fetch(`${APP}/api/health`).then(status)],
  // A different examiner each time, in every migration state the registry holds.
  ['transfer: found', () => post(examiners[(found += 7919) % examiners.length])],
  // The same shape of claim for numbers the registry does not hold.
  ['transfer: not found', () => post({ ...examiners[(missing += 7919) % examiners.length], registry_number: String(5_900_000_000 + missing) })],
];

console.log(HEADER);
await interleaved(cases, { requests: 300, concurrency: 2 }); // warm-up
for (const concurrency of [1, CONCURRENCY]) {
  console.log(`-- ${concurrency} at a time`);
  const [health, hit, miss] = await interleaved(cases, { requests: 3 * REQUESTS, concurrency, maxSeconds: 120 });
  console.log(`found vs not-found median: ${Math.abs(hit.p50 - miss.p50).toFixed(2)} ms (goal ≤ 1 ms); ` +
    `transfer p99 / health p99: ${(Math.max(hit.p99, miss.p99) / health.p99).toFixed(2)}× (goal ≤ 1.5×)`);
}
