// Signing in with login.gov over HTTP, against the real worker on wrangler dev
// (local D1 and KV) and the login.gov stand-in: the authorization request,
// every refusal at the callback, linking, sessions, sign-out.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { query } from '../support/d1.mjs';
import { freshEmail, seedAccounts } from '../support/registry.mjs';
import {
  APP, ISSUER, SESSION_COOKIE, SIGNED_IN_COOKIE, SIGN_IN_COOKIE, answerLink, browser, fromTheRegistry, loginGovPerson, reachCallback, signIn, storedSession, verifyIdentity,
} from '../support/sign-in.mjs';

const session = (b) => b.go(`${APP}/api/session`);
const refusalsSince = (id) => query(`SELECT detail FROM audit_events WHERE event = 'sign_in_refused' AND id > ${id} ORDER BY id`).map((r) => r.detail);
const lastAuditId = () => query('SELECT coalesce(max(id), 0) AS id FROM audit_events')[0].id;

/** A migrated examiner and a login.gov identity with the same email. */
async function migratedExaminer(name) {
  const email = freshEmail(name);
  const [account] = seedAccounts([{ email, migration: 'migrated' }]);
  return { account, person: await loginGovPerson(name, [email]) };
}

test("the login redirect asks login.gov for what it requires, with state, nonce and PKCE", async () => {
  const b = browser();
  const response = await b.go(`${APP}/auth/login`);
  assert.equal(response.status, 303);
  const to = new URL(response.headers.get('location'));
  assert.equal(`${to.origin}${to.pathname}`, `${ISSUER}/openid_connect/authorize`);
  const q = to.searchParams;
  assert.equal(q.get('response_type'), 'code');
  assert.equal(q.get('scope'), 'openid email all_emails');
  assert.equal(q.get('acr_values'), 'urn:acr.login.gov:auth-only');
  assert.equal(q.get('prompt'), 'select_account');
  assert.equal(q.get('redirect_uri'), `${APP}/auth/callback`);
  assert.equal(q.get('code_challenge_method'), 'S256');
  for (const name of ['state', 'nonce', 'code_challenge']) assert.ok(q.get(name).length >= 43, name);
  assert.notEqual(q.get('state'), q.get('nonce'));
  const cookie = b.setCookies.find((c) => c.startsWith(`${SIGN_IN_COOKIE}=`));
  for (const part of ['Path=/', 'Secure', 'HttpOnly', 'SameSite=Lax', 'Max-Age=600']) assert.ok(cookie.split('; ').includes(part), part);
});

test('an already linked examiner signs in, gets a fresh HttpOnly Secure session cookie, and sees their account', async () => {
  const { account, person } = await migratedExaminer('linked.before');
  const b = browser();
  assert.equal((await signIn(b, person)).pathname, '/account', 'first sign-in links');
  const again = browser();
  assert.equal((await signIn(again, person)).pathname, '/account');

  const cookie = again.setCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  for (const part of ['Path=/', 'Secure', 'HttpOnly', 'SameSite=Lax']) assert.ok(cookie.split('; ').includes(part), part);
  assert.ok(!/domain=|max-age|expires/i.test(cookie), 'host-only, and gone when the browser closes: the timeouts are the server\'s');
  assert.ok(again.setCookies.some((c) => c.startsWith(`${SIGN_IN_COOKIE}=;`)), 'the sign-in cookie is removed');
  // The header's hint: readable by the pages, so it says nothing but "signed in here".
  assert.ok(again.setCookies.includes(`${SIGNED_IN_COOKIE}=1; Path=/; Secure; SameSite=Lax`), 'the header\'s hint');

  const response = await session(again);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const { account: mine, csrf_token: csrf } = await response.json();
  assert.equal(mine.registry_number, account.number);
  assert.equal(mine.account_type, 'Medical Examiner');
  assert.equal(mine.license_state, 'Virginia');
  assert.equal(mine.primary_email, account.email);
  assert.equal(mine.login_gov_email, account.email);
  assert.deepEqual(mine.certification, { status: 'active', expires: '2034-01-01' });
  assert.ok(csrf.length >= 43);
});

test("a migrated account is linked at the first sign-in by its secondary email and a verified identity: audit event and an email to the account", async () => {
  const secondary = freshEmail('secondary');
  const [account] = seedAccounts([{ email: freshEmail('primary'), secondary, migration: 'migrated', first: 'Sec', last: 'Match' }]);
  const person = await loginGovPerson('Secondary Match', [freshEmail('other'), secondary], {
    verified: { given_name: 'Sec', family_name: 'Match', birthdate: '1970-01-01' },
  });
  assert.equal((await signIn(browser(), person)).pathname, '/account');
  const [row] = query(`SELECT id, migration_state, login_gov_subject FROM registry_accounts WHERE registry_number = '${account.number}'`);
  assert.deepEqual([row.migration_state, row.login_gov_subject], ['linked', person.sub]);
  assert.equal(query(`SELECT count(*) AS n FROM audit_events WHERE account_id = ${row.id} AND event = 'login_gov_linked'`)[0].n, 1);
  const emails = query(`SELECT to_address, subject FROM email_outbox WHERE account_id = ${row.id} AND kind = 'linked'`);
  assert.deepEqual(emails, [{ to_address: account.email, subject: 'Your login.gov account was linked' }]);
});

test('no account and a shared email each get their page, and no session', async () => {
  const shared = freshEmail('shared');
  seedAccounts([{ email: shared, migration: 'migrated' }, { email: shared }]);
  const before = lastAuditId();
  const cases = [
    [await loginGovPerson('Nobody', [freshEmail('nobody')]), 'no-match'],
    [await loginGovPerson('Shared', [shared]), 'shared-email'],
  ];
  for (const [person, problem] of cases) {
    const b = browser();
    assert.equal((await signIn(b, person)).pathname, `/sign-in/problem/${problem}`);
    assert.equal(b.cookie(APP, SESSION_COOKIE), undefined);
    assert.equal((await session(b)).status, 401);
  }
  assert.deepEqual(refusalsSince(before), ['no-match', 'shared-email']);
  assert.equal(query(`SELECT count(*) AS n FROM registry_accounts WHERE lower(primary_email) = lower('${shared}') AND login_gov_subject IS NOT NULL`)[0].n, 0);
});

// "If you already have a login.gov account": Sign in → Log in, no Transfer first.
test('an account never transferred is linked at Log in by its only address: migrated and linked at once, audited, the funnel exact', async () => {
  const email = freshEmail('never.transferred');
  const [account] = seedAccounts([{ email }]);
  const person = await loginGovPerson('Never Transferred', [freshEmail('other.address'), email]);
  const b = browser();
  assert.equal((await signIn(b, person)).pathname, '/account');
  assert.equal((await session(b)).status, 200);
  const [row] = query(`SELECT id, migration_state, login_gov_subject FROM registry_accounts WHERE registry_number = '${account.number}'`);
  assert.deepEqual([row.migration_state, row.login_gov_subject], ['linked', person.sub]);
  const events = query(`SELECT event, actor FROM audit_events WHERE account_id = ${row.id} AND event IN ('transfer_migrated', 'login_gov_linked') ORDER BY id`);
  assert.deepEqual(events, [{ event: 'transfer_migrated', actor: 'sign_in' }, { event: 'login_gov_linked', actor: 'sign_in' }]);
  // The funnel's counts are the accounts' stages still (one statement: other test files write meanwhile).
  const [drift] = query(`SELECT (SELECT coalesce(sum(accounts), 0) FROM funnel_counts WHERE stage = 'linked')
    - (SELECT count(*) FROM registry_accounts WHERE migration_state = 'linked') AS n`);
  assert.equal(drift.n, 0);
});

test('at Log in, an account never transferred found only by its secondary address verifies the identity; one linked to another identity is refused', async () => {
  const secondary = freshEmail('legacy.secondary');
  const [byValue] = seedAccounts([{ email: freshEmail('legacy.primary'), secondary, first: 'Lee', last: 'Gacy', birth: '1961-12-31' }]);
  const viaSecondary = await loginGovPerson('Legacy Secondary', [secondary], {
    verified: { given_name: 'LEE', family_name: 'GACY', birthdate: '1961-12-31' },
  });
  const b = browser();
  const callback = await reachCallback(b, viaSecondary);
  assert.equal(new URL((await b.go(callback)).headers.get('location'), APP).pathname, '/sign-in/confirm');
  const question = await (await b.go(`${APP}/api/sign-in/link`)).json();
  assert.equal(question.verify_identity, true);
  assert.equal(query(`SELECT migration_state FROM registry_accounts WHERE registry_number = '${byValue.number}'`)[0].migration_state, 'legacy');
  const { location } = await (await answerLink(b, { mine: true })).json();
  assert.equal((await verifyIdentity(b, viaSecondary, location)).pathname, '/account');
  assert.equal(query(`SELECT migration_state FROM registry_accounts WHERE registry_number = '${byValue.number}'`)[0].migration_state, 'linked');

  const another = await loginGovPerson('Another Identity', [secondary]);
  assert.equal((await signIn(browser(), another)).pathname, '/sign-in/problem/linked-to-another');
});

test('a state used twice, a state from another browser, an unknown state and a login.gov error are refused', async () => {
  const { person } = await migratedExaminer('refusals');
  const before = lastAuditId();

  const b = browser();
  const callback = await reachCallback(b, person);
  const stolen = browser();
  stolen.setCookie(APP, SIGN_IN_COOKIE, 'another-browsers-cookie-value-xxxxxxxxxxxx');
  assert.equal((await stolen.go(callback)).headers.get('location'), '/sign-in/problem/other-browser');
  // The other browser's try spent the state: the rightful one is refused too, and must start again.
  assert.equal((await b.go(callback)).headers.get('location'), '/sign-in/problem/expired');

  const c = browser();
  const fresh = await reachCallback(c, person);
  assert.equal((await c.go(fresh)).headers.get('location'), '/sign-in/confirm');
  assert.equal((await c.go(fresh)).headers.get('location'), '/sign-in/problem/expired', 'a state works once');

  // The same state brought twice at the same moment: D1 gives it to one request only.
  const d = browser();
  const raced = await reachCallback(d, person);
  const answers = await Promise.all([d.go(raced), d.go(raced)]);
  assert.deepEqual(answers.map((a) => a.headers.get('location')).sort(), ['/sign-in/confirm', '/sign-in/problem/expired']);

  const unknown = await browser().go(`${APP}/auth/callback?code=abc&state=${'s'.repeat(43)}`);
  assert.equal(unknown.headers.get('location'), '/sign-in/problem/expired');
  const denied = await browser().go(`${APP}/auth/callback?error=access_denied&state=${'s'.repeat(43)}`);
  assert.equal(denied.headers.get('location'), '/sign-in/problem/cancelled');

  assert.deepEqual(refusalsSince(before), ['other-browser', 'expired', 'expired', 'expired', 'expired', 'cancelled']);
  const details = query(`SELECT detail FROM audit_events WHERE id > ${before}`).map((r) => r.detail ?? '').join(' ');
  assert.ok(!details.includes('@') && !details.includes(person.sub), 'no personal data in the audit');
});

test('a session ends after 30 idle minutes and after 12 hours, and each sign-in gets a new session id', async () => {
  const { person } = await migratedExaminer('timeouts');
  const b = browser();
  await signIn(b, person);
  const first = b.cookie(APP, SESSION_COOKIE);
  await signIn(b, person);
  const second = b.cookie(APP, SESSION_COOKIE);
  assert.notEqual(first, second);
  const old = browser();
  old.setCookie(APP, SESSION_COOKIE, first);
  assert.equal((await session(old)).status, 401, 'the session before sign-in is gone');

  const stored = storedSession(second);
  const live = stored.get();
  const now = Math.floor(Date.now() / 1000);
  stored.put({ ...live, last_seen_at: now - 31 * 60 });
  assert.equal((await session(b)).status, 401, 'idle for 31 minutes');

  await signIn(b, person);
  const third = storedSession(b.cookie(APP, SESSION_COOKIE));
  third.put({ ...third.get(), started_at: now - 12 * 3600 - 1, last_seen_at: now - 60 });
  assert.equal((await session(b)).status, 401, 'older than 12 hours');
});

test('a session in use is renewed at most every five minutes', async () => {
  const { person } = await migratedExaminer('renewal');
  const b = browser();
  await signIn(b, person);
  const stored = storedSession(b.cookie(APP, SESSION_COOKIE));
  const now = Math.floor(Date.now() / 1000);
  stored.put({ ...stored.get(), last_seen_at: now - 60 });
  assert.equal((await session(b)).status, 200);
  assert.equal(stored.get().last_seen_at, now - 60, 'renewed a minute ago: not written again');
  stored.put({ ...stored.get(), last_seen_at: now - 6 * 60 });
  assert.equal((await session(b)).status, 200);
  assert.ok(stored.get().last_seen_at >= now, 'renewed six minutes ago: renewed now');
});

test('signing out needs the CSRF token and the registry origin, ends the session here and then at login.gov', async () => {
  const { account, person } = await migratedExaminer('sign.out');
  const b = browser();
  await signIn(b, person);
  const { csrf_token: csrf } = await (await session(b)).json();
  const form = (token, origin = APP) => ({
    method: 'POST', headers: { origin, 'content-type': 'application/x-www-form-urlencoded' }, body: `csrf_token=${token}`,
  });

  assert.equal((await b.go(`${APP}/auth/logout`, form('wrong'))).status, 403);
  assert.equal((await b.go(`${APP}/auth/logout`, form(csrf, 'https://evil.example'))).status, 403);
  assert.equal((await session(b)).status, 200, 'refused sign-outs change nothing');
  const [row] = query(`SELECT id FROM registry_accounts WHERE registry_number = '${account.number}'`);
  assert.equal(query(`SELECT count(*) AS n FROM audit_events WHERE account_id = ${row.id} AND event = 'request_refused' AND detail = 'csrf'`)[0].n, 1,
    'the wrong token is an audit event (the foreign origin is refused before any session is read)');

  const id = b.cookie(APP, SESSION_COOKIE);
  const out = await b.go(`${APP}/auth/logout`, form(csrf));
  assert.equal(out.status, 303);
  const to = new URL(out.headers.get('location'));
  assert.equal(`${to.origin}${to.pathname}`, `${ISSUER}/openid_connect/logout`);
  assert.equal(to.searchParams.get('client_id'), 'urn:gov:gsa:openidconnect.profiles:sp:sso:dot:national_registry_local');
  assert.equal(to.searchParams.get('post_logout_redirect_uri'), `${APP}/signed-out`);
  assert.ok(to.searchParams.get('state').length >= 22);
  const cleared = out.headers.getSetCookie();
  for (const name of [SESSION_COOKIE, SIGNED_IN_COOKIE]) {
    assert.ok(cleared.some((c) => c.startsWith(`${name}=;`) && c.includes('Max-Age=0')), `${name} cleared`);
  }

  const replay = browser();
  replay.setCookie(APP, SESSION_COOKIE, id);
  replay.setCookie(APP, SIGNED_IN_COOKIE, '1');
  const refused = await session(replay);
  assert.equal(refused.status, 401, 'the session is revoked on the server, not only forgotten by the browser');
  assert.ok(refused.headers.getSetCookie().some((c) => c.startsWith(`${SIGNED_IN_COOKIE}=;`) && c.includes('Max-Age=0')),
    'a stale hint is cleared, so the header asks no more');
  assert.deepEqual(query(`SELECT event FROM audit_events WHERE account_id = ${row.id} AND event IN ('signed_in', 'signed_out') ORDER BY id`).map((r) => r.event), ['signed_in', 'signed_out']);
});

test('when login.gov does not answer in time, the callback says to try again within seconds', async () => {
  const { person } = await migratedExaminer('slow');
  const b = browser();
  const callback = await reachCallback(b, person);
  await fetch(`${ISSUER}/__stand-in/delay?ms=15000`, { method: 'POST' });
  try {
    const started = Date.now();
    const answer = await b.go(callback);
    assert.equal(answer.headers.get('location'), '/sign-in/problem/unavailable');
    assert.ok(Date.now() - started < 12_000, 'the worker gives up before login.gov answers');
    assert.equal(b.cookie(APP, SESSION_COOKIE), undefined);
  } finally {
    await fetch(`${ISSUER}/__stand-in/delay?ms=0`, { method: 'POST' });
  }
});

test('a sign-in returns to the path it was asked for, if it is one of this site', async () => {
  const { person } = await migratedExaminer('return.to');
  assert.equal((await signIn(browser(), person, '/auth/login?return_to=/account/email')).pathname, '/account/email');
  assert.equal((await signIn(browser(), person, '/auth/login?return_to=https://evil.example/')).href, `${APP}/account`);
});

test('the session API answers 401 to a browser without a session, and the sign-in routes refuse other methods', async () => {
  assert.equal((await fetch(`${APP}/api/session`)).status, 401);
  const forged = await fetch(`${APP}/api/session`, { headers: { cookie: `${SESSION_COOKIE}=${'x'.repeat(43)}` } });
  assert.equal(forged.status, 401);
  assert.equal((await fetch(`${APP}/auth/login`, { method: 'POST', redirect: 'manual' })).status, 405);
  const logout = await fetch(`${APP}/auth/logout`, { redirect: 'manual' });
  assert.equal(logout.status, 405);
  assert.equal(logout.headers.get('allow'), 'POST');
});
