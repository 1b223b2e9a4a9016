// Sign-in benchmark on loopback: whole sign-ins (the registry's /auth/login,
// the login.gov stand-in's account choice, the registry's callback with its
// token exchange, ID-token checks, userinfo and a new session), then the
// callback alone. Prints requests/s, p50 and p99; never fails on figures.
//   scripts/bench-sign-in
import { HEADER, load } from '../support/load.mjs';
import { freshEmail, seedAccounts } from '../support/registry.mjs';
import { browser, loginGovPerson, reachCallback } from '../support/sign-in.mjs';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const options = { requests: REQUESTS, concurrency: CONCURRENCY };

const email = freshEmail('bench-sign-in');
seedAccounts([{ email, migration: 'migrated' }]);
const person = await loginGovPerson('Bench Person', [email]);

async function signIn() {
  const b = browser();
  const answer = await b.go(await reachCallback(b, person));
  return answer.headers.get('location') === '/account' ? 200 : 500;
}

console.log(`${REQUESTS} sign-ins per case, ${CONCURRENCY} at a time`);
console.log(HEADER);
await load('warm-up (whole sign-in)', signIn, { requests: 20, concurrency: 2 });
await load('whole sign-in (8 round trips)', signIn, options);

// The callback alone: sign-ins brought up to it first, then their callbacks under load.
const pending = [];
for (let i = 0; i < REQUESTS; i += 1) {
  const b = browser();
  pending.push({ b, url: await reachCallback(b, person) });
}
await load('GET /auth/callback alone', async () => {
  const { b, url } = pending.pop();
  const answer = await b.go(url);
  return answer.headers.get('location') === '/account' ? 200 : 500;
}, options);
console.log("The callback's time includes its three calls to the stand-in (token, keys once, userinfo) on the same two cores.");
