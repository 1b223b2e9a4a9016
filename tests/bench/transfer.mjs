// Transfer benchmark: a bounded load of POST /api/transfer on loopback for each
// outcome, and GET /api/health as the floor. Prints requests/s, p50 and p99,
// and how far apart the found and not-found medians are. Never fails on figures.
//   scripts/bench-transfer
import { HEADER, load as bounded } from '../support/load.mjs';
import { freshEmail, seedAccounts } from '../support/registry.mjs';

const APP = process.env.APP_ORIGIN ?? 'http://127.0.0.1:8787';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const status = async (response) => { await response.arrayBuffer(); return response.status; };
const load = (name, send) => bounded(name, async () => status(await send()), { requests: REQUESTS, concurrency: CONCURRENCY });

const shared = freshEmail('bench-shared');
const [unique, duplicate] = seedAccounts([{ email: freshEmail('bench-unique') }, { email: shared }, { email: shared }]);
const form = (a, overrides = {}) => JSON.stringify({ account_type: 'examiner', registry_number: a.number, license_number: a.license, license_state: a.state, ...overrides });
const transfer = (body) => () => fetch(`${APP}/api/transfer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

console.log(`${REQUESTS} requests per case, ${CONCURRENCY} at a time, on ${APP}`);
console.log(HEADER);
await load('warm-up (health)', () => fetch(`${APP}/api/health`));
const floor = await load('GET /api/health (floor)', () => fetch(`${APP}/api/health`));
const found = await load('transfer: found, migrated', transfer(form(unique)));
const duplicated = await load('transfer: found, duplicate email', transfer(form(duplicate)));
const notFound = await load('transfer: not found', transfer(form(unique, { license_number: 'NO-SUCH-1' })));

const worstTransferP99 = Math.max(found.p99, duplicated.p99, notFound.p99);
console.log(`transfer p99 / floor p99: ${(worstTransferP99 / floor.p99).toFixed(2)}× (goal ≤ 1.5×)`);
console.log(`found vs not-found median: ${Math.abs(found.p50 - notFound.p50).toFixed(2)} ms, duplicate vs not-found: ${Math.abs(duplicated.p50 - notFound.p50).toFixed(2)} ms (goal ≤ 1 ms)`);
