// Sign-in benchmark on loopback. First the worker's CPU per request, read
// from /proc (one request at a time): a JSON 404, /api/health, /auth/login,
// /api/session, a whole first sign-in (linked by email, its question "Is this
// your National Registry account?" answered yes) and a returning one (by
// sub), and the callback alone. Then whole first and returning sign-ins (the
// registry's /auth/login, the login.gov stand-in's account choice, the
// registry's callback with its token exchange, ID-token checks, userinfo and
// a new session) and the callback alone under load. A sign-in counts only if
// it ends signed in, on My account. Prints figures; never fails on them, but
// exits non-zero if a request failed.
//   scripts/bench-sign-in
import { cpuPerCall } from '../support/cpu.mjs';
import { failed, HEADER, load } from '../support/load.mjs';
import { freshEmail, seedAccounts } from '../support/registry.mjs';
import { APP, browser, loginGovPerson, reachCallback, SESSION_COOKIE, signIn } from '../support/sign-in.mjs';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const CPU_CALLS = Number(process.env.BENCH_CPU_CALLS ?? 100);
const options = { requests: REQUESTS, concurrency: CONCURRENCY };
const registry = process.env.FULL_REGISTRY === '1' ? 'the full-size registry (102,625 accounts)' : 'the demo registry';

/** `count` login.gov people, each with a migrated account of their own that a first sign-in links by email. */
async function peopleWithAccounts(name, count) {
  const emails = Array.from({ length: count }, (_, i) => freshEmail(`${name}-${i}`));
  seedAccounts(emails.map((address) => ({ email: address, migration: 'migrated' })));
  return Promise.all(emails.map((address, i) => loginGovPerson(`${name} ${i}`, [address])));
}

/** A whole sign-in in a browser of its own; where it ended (`/account`: signed in). */
async function signedInAt(who) {
  const b = browser();
  const at = await signIn(b, who);
  return b.cookie(APP, SESSION_COOKIE) ? at.pathname : `${at.pathname} without a session`;
}
const SIGNED_IN = '/account';

// The worker's CPU per request. People of their own: their first sign-in
// links by email, the next one finds them by sub.
const [person] = await peopleWithAccounts('bench-sign-in', 1);
const people = await peopleWithAccounts('bench-cpu', CPU_CALLS);
const read = async (response) => { await response.arrayBuffer(); return response.status; };
const signedIn = browser();
await signIn(signedIn, person);
const session = `${SESSION_COOKIE}=${signedIn.cookie(APP, SESSION_COOKIE)}`;
for (let i = 0; i < 20; i += 1) await signedInAt(person); // warm-up: the wasm compiled, caches filled
const figures = [
  ['GET /api/nothing-here (JSON 404)', await cpuPerCall(() => fetch(`${APP}/api/nothing-here`).then(read), CPU_CALLS, 404)],
  ['GET /api/health', await cpuPerCall(() => fetch(`${APP}/api/health`).then(read), CPU_CALLS, 200)],
  ['GET /auth/login', await cpuPerCall(() => fetch(`${APP}/auth/login`, { redirect: 'manual' }).then(read), CPU_CALLS, 303)],
  ['GET /api/session (signed in)', await cpuPerCall(() => fetch(`${APP}/api/session`, { headers: { cookie: session } }).then(read), CPU_CALLS, 200)],
  ['whole first sign-in (links by email)', await cpuPerCall((i) => signedInAt(people[i]), CPU_CALLS, SIGNED_IN)],
  ['whole returning sign-in (by sub)', await cpuPerCall((i) => signedInAt(people[i]), CPU_CALLS, SIGNED_IN)],
];
const callbacks = [];
for (const who of people) {
  const b = browser();
  callbacks.push({ b, url: await reachCallback(b, who) });
}
const callbackEnd = async ({ b, url }) => new URL((await b.go(url)).headers.get('location') ?? 'none:', APP).pathname;
figures.push(['GET /auth/callback alone (returning)', await cpuPerCall((i) => callbackEnd(callbacks[i]), CPU_CALLS, SIGNED_IN)]);
console.log(`The worker's CPU per request on ${registry} (workerd's user + system time from /proc, ${CPU_CALLS} requests one at a time):`);
for (const [name, { ms, failures }] of figures) {
  console.log(`  ${name.padEnd(40)} ${ms.toFixed(1).padStart(6)} ms`);
  if (failures > 0) failed(`${failures} of ${CPU_CALLS} of "${name}" did not end as they should`);
}
console.log('  (goal: a whole sign-in ≤ 15 ms)');

console.log(`${REQUESTS} sign-ins per case, ${CONCURRENCY} at a time`);
console.log(HEADER);
const asStatus = async (ended) => ((await ended) === SIGNED_IN ? 200 : 500);
await load('warm-up (whole sign-in)', () => asStatus(signedInAt(person)), { requests: 20, concurrency: 2 });
const newcomers = await peopleWithAccounts('bench-load', REQUESTS);
await load('whole first sign-in (links by email)', () => asStatus(signedInAt(newcomers.pop())), options);
await load('whole returning sign-in (by sub)', () => asStatus(signedInAt(person)), options);

// The callback alone: sign-ins brought up to it first, then their callbacks
// under load, oldest first. At most 100 codes wait at once: the stand-in's
// in-memory store forgets older ones beyond that (and login.gov's live a minute).
const CALLBACKS = Math.min(REQUESTS, 100);
const pending = [];
while (pending.length < CALLBACKS) {
  const batch = Array.from({ length: Math.min(CONCURRENCY, CALLBACKS - pending.length) }, async () => {
    const b = browser();
    return { b, url: await reachCallback(b, person) };
  });
  pending.push(...await Promise.all(batch));
}
await load('GET /auth/callback alone (returning)', () => asStatus(callbackEnd(pending.shift())), { ...options, requests: CALLBACKS });
console.log("The callback's time includes its three calls to the stand-in (token, keys once, userinfo) on the same two cores.");
