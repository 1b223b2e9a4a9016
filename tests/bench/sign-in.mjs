// Sign-in benchmark on loopback. First the worker's CPU per request, read
// from /proc (one request at a time): a JSON 404, /api/health, /auth/login,
// /api/session, a first sign-in (linked by email) and a returning one (by
// sub), and the callback alone. Then whole sign-ins (the registry's
// /auth/login, the login.gov stand-in's account choice, the registry's
// callback with its token exchange, ID-token checks, userinfo and a new
// session) and the callback alone under load. Prints figures; never fails on them.
//   scripts/bench-sign-in
import { cpuPerCall } from '../support/cpu.mjs';
import { HEADER, load } from '../support/load.mjs';
import { freshEmail, seedAccounts } from '../support/registry.mjs';
import { APP, browser, loginGovPerson, reachCallback, SESSION_COOKIE } from '../support/sign-in.mjs';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const CPU_CALLS = Number(process.env.BENCH_CPU_CALLS ?? 100);
const options = { requests: REQUESTS, concurrency: CONCURRENCY };
const registry = process.env.FULL_REGISTRY === '1' ? 'the full-size registry (102,625 accounts)' : 'the demo registry';

const email = freshEmail('bench-sign-in');
seedAccounts([{ email, migration: 'migrated' }]);
const person = await loginGovPerson('Bench Person', [email]);

async function signIn(who = person, b = browser()) {
  const answer = await b.go(await reachCallback(b, who));
  return answer.headers.get('location') === '/account' ? 200 : 500;
}

// The worker's CPU per request. People of their own: migrated accounts that
// their first sign-in links by email, and that sign in again by sub.
const emails = Array.from({ length: CPU_CALLS }, (_, i) => freshEmail(`bench-cpu-${i}`));
seedAccounts(emails.map((address) => ({ email: address, migration: 'migrated' })));
const people = await Promise.all(emails.map((address, i) => loginGovPerson(`Bench CPU ${i}`, [address])));
const read = async (response) => { await response.arrayBuffer(); return response.status; };
const signedIn = browser();
await signIn(person, signedIn);
const session = `${SESSION_COOKIE}=${signedIn.cookie(APP, SESSION_COOKIE)}`;
for (let i = 0; i < 20; i += 1) await signIn(); // warm-up: the wasm compiled, caches filled
const figures = [
  ['GET /api/nothing-here (JSON 404)', await cpuPerCall(() => fetch(`${APP}/api/nothing-here`).then(read), CPU_CALLS)],
  ['GET /api/health', await cpuPerCall(() => fetch(`${APP}/api/health`).then(read), CPU_CALLS)],
  ['GET /auth/login', await cpuPerCall(() => fetch(`${APP}/auth/login`, { redirect: 'manual' }).then(read), CPU_CALLS)],
  ['GET /api/session (signed in)', await cpuPerCall(() => fetch(`${APP}/api/session`, { headers: { cookie: session } }).then(read), CPU_CALLS)],
  ['whole first sign-in (links by email)', await cpuPerCall((i) => signIn(people[i]), CPU_CALLS)],
  ['whole returning sign-in (by sub)', await cpuPerCall((i) => signIn(people[i]), CPU_CALLS)],
];
const callbacks = [];
for (const who of people) {
  const b = browser();
  callbacks.push({ b, url: await reachCallback(b, who) });
}
figures.push(['GET /auth/callback alone (returning)', await cpuPerCall(async (i) => read(await callbacks[i].b.go(callbacks[i].url)), CPU_CALLS)]);
console.log(`The worker's CPU per request on ${registry} (workerd's user + system time from /proc, ${CPU_CALLS} requests one at a time):`);
for (const [name, ms] of figures) console.log(`  ${name.padEnd(40)} ${ms.toFixed(1).padStart(6)} ms`);
console.log('  (goal: a whole sign-in ≤ 15 ms)');

console.log(`${REQUESTS} sign-ins per case, ${CONCURRENCY} at a time`);
console.log(HEADER);
await load('warm-up (whole sign-in)', () => signIn(), { requests: 20, concurrency: 2 });
await load('whole sign-in (8 round trips)', () => signIn(), options);

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
await load('GET /auth/callback alone', async () => {
  const { b, url } = pending.shift();
  const answer = await b.go(url);
  return answer.headers.get('location') === '/account' ? 200 : 500;
}, { ...options, requests: CALLBACKS });
console.log("The callback's time includes its three calls to the stand-in (token, keys once, userinfo) on the same two cores.");

