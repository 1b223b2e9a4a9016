// Transfer benchmark: a bounded load of POST /api/transfer on loopback for each
// outcome, and GET /api/health as the floor. Prints requests/s, p50 and p99,
// and how far apart the found and not-found medians are. Never fails on figures.
//   scripts/bench-transfer
import { performance } from 'node:perf_hooks';

import { freshEmail, seedAccounts } from '../support/registry.mjs';

const APP = process.env.APP_ORIGIN ?? 'http://127.0.0.1:8787';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const MAX_SECONDS = 60;

/** Runs `REQUESTS` calls of `send`, `CONCURRENCY` at a time, stopping after MAX_SECONDS in any case. */
async function load(name, send) {
  const latencies = [];
  let failures = 0;
  let next = 0;
  const start = performance.now();
  const deadline = start + MAX_SECONDS * 1000;
  async function worker() {
    while (next < REQUESTS && performance.now() < deadline) {
      next += 1;
      const t0 = performance.now();
      const response = await send();
      await response.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (response.status >= 300) failures += 1;
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  const result = { name, requests: latencies.length, failures, perSecond: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
  console.log(`${name.padEnd(34)} ${String(result.requests).padStart(6)} ${result.perSecond.toFixed(0).padStart(8)} ${result.p50.toFixed(2).padStart(8)} ${result.p99.toFixed(2).padStart(8)} ${String(failures).padStart(8)}`);
  return result;
}

const shared = freshEmail('bench-shared');
const [unique, duplicate] = seedAccounts([{ email: freshEmail('bench-unique') }, { email: shared }, { email: shared }]);
const form = (a, overrides = {}) => JSON.stringify({ account_type: 'examiner', registry_number: a.number, license_number: a.license, license_state: a.state, ...overrides });
const transfer = (body) => () => fetch(`${APP}/api/transfer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

console.log(`${REQUESTS} requests per case, ${CONCURRENCY} at a time, on ${APP}`);
console.log(`${'case'.padEnd(34)} ${'done'.padStart(6)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'non-2xx'.padStart(8)}`);
await load('warm-up (health)', () => fetch(`${APP}/api/health`));
const floor = await load('GET /api/health (floor)', () => fetch(`${APP}/api/health`));
const found = await load('transfer: found, migrated', transfer(form(unique)));
const duplicated = await load('transfer: found, duplicate email', transfer(form(duplicate)));
const notFound = await load('transfer: not found', transfer(form(unique, { license_number: 'NO-SUCH-1' })));

const worstTransferP99 = Math.max(found.p99, duplicated.p99, notFound.p99);
console.log(`transfer p99 / floor p99: ${(worstTransferP99 / floor.p99).toFixed(2)}× (goal ≤ 1.5×)`);
console.log(`found vs not-found median: ${Math.abs(found.p50 - notFound.p50).toFixed(2)} ms, duplicate vs not-found: ${Math.abs(duplicated.p50 - notFound.p50).toFixed(2)} ms (goal ≤ 1 ms)`);
