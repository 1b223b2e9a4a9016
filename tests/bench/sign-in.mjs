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

// The client assertion's RS256 signature, as the worker makes it: WebCrypto
// (here Node's, native code like workerd's), with the key imported once.
const { subtle } = globalThis.crypto;
const pair = await subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign']);
const key = await subtle.importKey('jwk', await subtle.exportKey('jwk', pair.privateKey), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
const input = new TextEncoder().encode('x'.repeat(400));
const rounds = 500;
const started = performance.now();
for (let i = 0; i < rounds; i += 1) await subtle.sign('RSASSA-PKCS1-v1_5', key, input);
console.log(`client assertion signed with WebCrypto (RSA 2048): ${((performance.now() - started) * 1000 / rounds).toFixed(1)} µs per call (${rounds} calls)`);
