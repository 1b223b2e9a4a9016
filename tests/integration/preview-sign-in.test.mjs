// Signing in on a branch's preview: login.gov returns only to staging's
// registered callback, which checks everything and hands the browser over to
// the preview with a single-use code. Locally, the "preview" is a second
// wrangler dev worker over the first one's D1 and KV, with the first one's
// public origin, at another address (scripts/lib.sh start_test_system).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';

import { query } from '../support/d1.mjs';
import { freshEmail, seedAccounts } from '../support/registry.mjs';
import {
  APP, SESSION_COOKIE, SIGN_IN_COOKIE, answerLink, browser, loginGovPerson, reachCallback,
} from '../support/sign-in.mjs';

const PREVIEW = process.env.PREVIEW_APP_ORIGIN;
const skip = !PREVIEW && 'no PREVIEW_APP_ORIGIN (scripts/test starts the preview worker)';
const refusals = (since) => query(`SELECT detail FROM audit_events WHERE event = 'sign_in_refused' AND id > ${since} ORDER BY id`).map((r) => r.detail);
const lastAuditId = () => query('SELECT coalesce(max(id), 0) AS id FROM audit_events')[0].id;

/** Begins at the preview, signs in at the stand-in, and comes back to staging's callback: where it sends the browser. */
async function handedOver(b, person) {
  const callback = await reachCallback(b, person, '/auth/login', PREVIEW, APP);
  const answer = await b.go(callback);
  assert.equal(answer.status, 303);
  return new URL(answer.headers.get('location'), APP);
}

async function linkedPerson(name) {
  const email = freshEmail(name);
  const [account] = seedAccounts([{ email, migration: 'migrated' }]);
  const person = await loginGovPerson(name, [email]);
  const first = browser();
  const handoff = await handedOver(first, person);
  await first.go(handoff.href);
  assert.equal((await answerLink(first, { mine: true }, PREVIEW)).status, 200, 'linked on the preview');
  return { account, person };
}

test('a sign-in begun on a preview returns through the callback and ends on the preview, signed in there', { skip }, async () => {
  const email = freshEmail('preview');
  const [account] = seedAccounts([{ email, first: 'Preview', last: 'Tester', migration: 'migrated' }]);
  const person = await loginGovPerson('Preview Tester', [email]);
  const b = browser();
  const start = await b.go(`${PREVIEW}/auth/login?return_to=/account`);
  const authorize = new URL(start.headers.get('location'));
  assert.equal(authorize.searchParams.get('redirect_uri'), `${APP}/auth/callback`, 'staging\'s registered callback');
  assert.ok(b.cookie(PREVIEW, SIGN_IN_COOKIE), 'the sign-in is bound to this browser on the preview');

  const callback = await reachCallback(b, person, '/auth/login?return_to=/account', PREVIEW, APP);
  const handoff = new URL((await b.go(callback)).headers.get('location'));
  assert.equal(`${handoff.origin}${handoff.pathname}`, `${PREVIEW}/auth/handoff`);
  assert.ok(handoff.searchParams.get('code').length >= 43);
  assert.equal(b.cookie(APP, SESSION_COOKIE), undefined, 'no session at staging');

  const taken = await b.go(handoff.href);
  assert.equal(taken.headers.get('location'), '/sign-in/confirm', 'the preview asks, as staging would');
  const shown = await (await b.go(`${PREVIEW}/api/sign-in/link`)).json();
  assert.equal(shown.registry_number, account.number);
  const yes = await answerLink(b, { mine: true }, PREVIEW, shown.csrf_token);
  assert.deepEqual(await yes.json(), { location: '/account' });
  const session = await b.go(`${PREVIEW}/api/session`);
  assert.equal(session.status, 200, 'signed in on the preview');
  assert.equal((await session.json()).account.registry_number, account.number);

  const since = lastAuditId();
  assert.equal((await b.go(handoff.href)).headers.get('location'), '/sign-in/problem/expired', 'a handoff code works once');
  assert.deepEqual(refusals(since), ['expired']);
});

test('a forged handoff code, a handoff taken in another browser, and a handoff at staging itself are refused', { skip }, async () => {
  const { person } = await linkedPerson('preview.stolen');
  const since = lastAuditId();
  const forged = await browser().go(`${PREVIEW}/auth/handoff?code=${'f'.repeat(43)}`);
  assert.equal(forged.headers.get('location'), '/sign-in/problem/expired');

  const b = browser();
  const handoff = await handedOver(b, person);
  const thief = browser();
  assert.equal((await thief.go(handoff.href)).headers.get('location'), '/sign-in/problem/other-browser');
  assert.equal(thief.cookie(PREVIEW, SESSION_COOKIE), undefined);
  assert.equal((await b.go(handoff.href)).headers.get('location'), '/sign-in/problem/expired', 'the stolen try spent it');

  const again = browser();
  const atStaging = new URL(`${APP}/auth/handoff${(await handedOver(again, person)).search}`);
  const refused = await again.go(atStaging.href);
  await refused.arrayBuffer();
  assert.equal(refused.status, 404, 'staging takes no handoff');
  assert.deepEqual(refusals(since), ['expired', 'other-browser', 'expired']);
});

test('a returning person signs in on the preview without being asked again', { skip }, async () => {
  const { account, person } = await linkedPerson('preview.returning');
  const b = browser();
  const handoff = await handedOver(b, person);
  assert.equal((await b.go(handoff.href)).headers.get('location'), '/account');
  const { account: mine } = await (await b.go(`${PREVIEW}/api/session`)).json();
  assert.equal(mine.registry_number, account.number);
});

test('a sign-in for an origin outside the allow-list is refused at the callback and audited', { skip }, async () => {
  // What only a forged pending sign-in could carry: the worker never writes an origin it does not allow.
  const state = 's'.repeat(43);
  const pending = { state, nonce: 'n'.repeat(43), code_verifier: 'v'.repeat(43), browser_binding: 'b'.repeat(64), return_to: '/account', hand_to: 'https://evil.example' };
  const key = `sign-in:${createHash('sha256').update(state).digest('hex')}`;
  query(`INSERT INTO single_use (key, value, expires_at) VALUES ('${key}', '${JSON.stringify(pending)}', ${Math.floor(Date.now() / 1000) + 600})`);
  const since = lastAuditId();
  const response = await browser().go(`${APP}/auth/callback?code=abc&state=${state}`);
  assert.equal(response.headers.get('location'), '/sign-in/problem/not-allowed-here');
  assert.deepEqual(refusals(since), ['not-allowed-here']);
});

test('the preview\'s own requests are checked against its own origin, and its health names staging\'s environment', { skip }, async () => {
  const health = await (await fetch(`${PREVIEW}/api/health`)).json();
  assert.equal(health.environment, 'local');
  assert.match(health.commit, /^[0-9a-f]{7,}$|^dev$/);
  const fromStaging = await fetch(`${PREVIEW}/api/transfer`, { method: 'POST', headers: { origin: APP, 'content-type': 'application/json' }, body: '{}' });
  await fromStaging.arrayBuffer();
  assert.equal(fromStaging.status, 403, 'staging\'s origin is another site for the preview');
});
