// Signing in on a branch's preview: the preview has its own D1 and KV and its
// own login.gov client; login.gov returns only to a registered address,
// staging's relay (/auth/preview-callback), which reads and writes nothing of
// the preview's and sends the answer on to the preview its state names; the
// preview's own callback checks everything. Locally, the "preview" is a second
// wrangler dev worker with a D1 and KV of its own, at another address
// (scripts/lib.sh start_test_system); the first worker plays staging.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';

import { query } from '../support/d1.mjs';
import { freshEmail, seedAccounts } from '../support/registry.mjs';
import {
  APP, SESSION_COOKIE, SIGN_IN_COOKIE, answerLink, browser, loginGovPerson, reachCallback, signIn,
} from '../support/sign-in.mjs';

const PREVIEW = process.env.PREVIEW_APP_ORIGIN;
const PREVIEW_WORKER = 'preview-worker';
const RELAY = `${APP}/auth/preview-callback`;
const skip = !PREVIEW && 'no PREVIEW_APP_ORIGIN (scripts/test starts the preview worker)';
const refusals = (since, worker = 'worker') => query(`SELECT detail FROM audit_events WHERE event = 'sign_in_refused' AND id > ${since} ORDER BY id`, worker).map((r) => r.detail);
const lastAuditId = (worker = 'worker') => query('SELECT coalesce(max(id), 0) AS id FROM audit_events', worker)[0].id;
const pendingSignIns = (state, worker) => query(`SELECT count(*) AS n FROM single_use WHERE key = 'sign-in:${createHash('sha256').update(state).digest('hex')}'`, worker)[0].n;
const accountsNumbered = (number, worker) => query(`SELECT count(*) AS n FROM registry_accounts WHERE registry_number = '${number}'`, worker)[0].n;

/** Begins at the preview, signs in at the stand-in, and comes back to staging's relay: where it sends the browser. */
async function relayed(b, person, path = '/auth/login') {
  const relay = await reachCallback(b, person, path, PREVIEW, RELAY);
  const answer = await b.go(relay);
  assert.equal(answer.status, 303);
  return new URL(answer.headers.get('location'));
}

test('a sign-in begun on a preview comes back through staging\'s relay and ends on the preview, over the preview\'s data only', { skip }, async () => {
  const email = freshEmail('preview');
  const [account] = seedAccounts([{ email, first: 'Preview', last: 'Tester', migration: 'migrated' }], PREVIEW_WORKER);
  assert.equal(accountsNumbered(account.number, 'worker'), 0, 'seeded in the preview\'s D1 only');
  const person = await loginGovPerson('Preview Tester', [email]);

  // Someone signed in at staging meanwhile: their session is not the preview's business.
  const atStaging = browser();
  const stagingEmail = freshEmail('staging');
  seedAccounts([{ email: stagingEmail, migration: 'migrated' }]);
  const stagingPerson = await loginGovPerson('Staging Tester', [stagingEmail]);
  await signIn(atStaging, stagingPerson);
  assert.equal((await atStaging.go(`${APP}/api/session`)).status, 200);

  const b = browser();
  const start = await b.go(`${PREVIEW}/auth/login?return_to=/account`);
  const authorize = new URL(start.headers.get('location'));
  assert.equal(authorize.searchParams.get('redirect_uri'), RELAY, 'staging\'s registered relay');
  assert.match(authorize.searchParams.get('client_id'), /_previews$/, 'the previews\' own client');
  const state = authorize.searchParams.get('state');
  assert.equal(Buffer.from(state.split('.').pop(), 'base64url').toString(), PREVIEW, 'the state names the preview');
  assert.ok(b.cookie(PREVIEW, SIGN_IN_COOKIE), 'the sign-in is bound to this browser on the preview');

  const relay = await reachCallback(b, person, '/auth/login?return_to=/account', PREVIEW, RELAY);
  const relayedState = new URL(relay).searchParams.get('state');
  assert.equal(pendingSignIns(relayedState, PREVIEW_WORKER), 1, 'the sign-in\'s secrets are kept in the preview\'s D1');
  assert.equal(pendingSignIns(relayedState, 'worker'), 0, 'and not in staging\'s');
  const sentOn = await b.go(relay);
  assert.equal(sentOn.status, 303);
  const sentTo = new URL(sentOn.headers.get('location'));
  assert.equal(`${sentTo.origin}${sentTo.pathname}`, `${PREVIEW}/auth/callback`);
  assert.deepEqual([...sentTo.searchParams], [...new URL(relay).searchParams], 'login.gov\'s answer, untouched');
  assert.equal(b.cookie(APP, SESSION_COOKIE), undefined, 'no session at staging');

  const callback = await b.go(sentOn.headers.get('location'));
  assert.equal(callback.headers.get('location'), '/sign-in/confirm', 'the preview asks, as staging would');
  const shown = await (await b.go(`${PREVIEW}/api/sign-in/link`)).json();
  assert.equal(shown.registry_number, account.number);
  const yes = await answerLink(b, { mine: true }, PREVIEW, shown.csrf_token);
  assert.deepEqual(await yes.json(), { location: '/account' });
  const session = await b.go(`${PREVIEW}/api/session`);
  assert.equal(session.status, 200, 'signed in on the preview');
  assert.equal((await session.json()).account.registry_number, account.number);

  assert.equal((await atStaging.go(`${APP}/api/session`)).status, 200, 'the staging session holds');
  const since = lastAuditId(PREVIEW_WORKER);
  assert.equal((await b.go(sentOn.headers.get('location'))).headers.get('location'), '/sign-in/problem/expired', 'the state works once');
  assert.deepEqual(refusals(since, PREVIEW_WORKER), ['expired']);
});

test('the relay sends on only to an allowed preview, and a relayed answer taken in another browser is refused there', { skip }, async () => {
  const since = lastAuditId();
  for (const state of ['s'.repeat(43), `${'s'.repeat(43)}.${Buffer.from('https://evil.example').toString('base64url')}`]) {
    const refused = await browser().go(`${RELAY}?code=abc&state=${state}`);
    assert.equal(refused.headers.get('location'), '/sign-in/problem/not-allowed-here', state);
  }
  assert.deepEqual(refusals(since), ['not-allowed-here', 'not-allowed-here']);
  const named = `${'s'.repeat(43)}.${Buffer.from(PREVIEW).toString('base64url')}`;
  const onlyTheAnswer = await browser().go(`${RELAY}?code=abc&state=${named}&next=https://evil.example&iss=x`);
  assert.equal(onlyTheAnswer.headers.get('location'), `${PREVIEW}/auth/callback?code=abc&state=${named}&iss=x`, 'nothing but the answer goes on');

  const email = freshEmail('preview.stolen');
  seedAccounts([{ email, migration: 'migrated' }], PREVIEW_WORKER);
  const person = await loginGovPerson('Stolen Answer', [email]);
  const sentOn = await relayed(browser(), person);
  assert.equal(sentOn.origin, PREVIEW);
  const previewSince = lastAuditId(PREVIEW_WORKER);
  const thief = browser();
  assert.equal((await thief.go(sentOn.href)).headers.get('location'), '/sign-in/problem/other-browser');
  assert.equal(thief.cookie(PREVIEW, SESSION_COOKIE), undefined);
  assert.deepEqual(refusals(previewSince, PREVIEW_WORKER), ['other-browser']);
});

test('a preview relays for nobody, and without queues decides a claim and keeps its email in its own mailbox', { skip }, async () => {
  const atPreview = await fetch(`${PREVIEW}/auth/preview-callback?code=abc&state=x`, { redirect: 'manual' });
  await atPreview.arrayBuffer();
  assert.equal(atPreview.status, 404, 'only staging relays');
  const health = await (await fetch(`${PREVIEW}/api/health`)).json();
  assert.equal(health.environment, 'preview');

  const email = freshEmail('preview.mailbox');
  const [account] = seedAccounts([{ email }], PREVIEW_WORKER);
  const claimed = await fetch(`${PREVIEW}/api/transfer`, {
    method: 'POST',
    headers: { origin: PREVIEW, 'content-type': 'application/json', 'cf-connecting-ip': '2001:db8:5e:1::1' },
    body: JSON.stringify({ account_type: 'examiner', registry_number: account.number, license_number: account.license, license_state: account.state }),
  });
  assert.equal(claimed.status, 202);
  // Decided and delivered within the request (a Worker Preview has no queue consumer): no waiting.
  const mailbox = await (await fetch(`${PREVIEW}/api/dev/mailbox`)).json();
  const mail = mailbox.find((m) => m.to_address === email);
  assert.ok(mail, 'the transfer\'s email is in the preview\'s mailbox');
  assert.equal(mail.subject, 'Your account was migrated successfully');
  assert.ok(mail.text_body.includes(`${PREVIEW}/auth/login`), 'its button leads to the preview');
  const atStaging = query(`SELECT count(*) AS n FROM dev_mailbox WHERE to_address = '${email}'`)[0].n;
  assert.equal(atStaging, 0, 'staging\'s mailbox never sees it');
});

test('the preview\'s own requests are checked against its own origin', { skip }, async () => {
  const fromStaging = await fetch(`${PREVIEW}/api/transfer`, { method: 'POST', headers: { origin: APP, 'content-type': 'application/json' }, body: '{}' });
  await fromStaging.arrayBuffer();
  assert.equal(fromStaging.status, 403, 'staging\'s origin is another site for the preview');
});
