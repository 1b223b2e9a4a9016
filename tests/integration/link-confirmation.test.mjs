// A first sign-in that finds a registry account by email links nothing until
// the person says the account is theirs — and, where the address proves
// nothing (ever another account's, a secondary nobody confirmed, given by a fix
// link or the help desk), until login.gov has verified that the person is the
// one on file. Over HTTP, on wrangler dev and the stand-in.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { query } from '../support/d1.mjs';
import { freshEmail, freshRegistryNumber, seedAccounts } from '../support/registry.mjs';
import { staffMember, staffPost } from '../support/staff.mjs';
import {
  APP, ISSUER, SESSION_COOKIE, answerLink, browser, linkQuestion, loginGovPerson, reachCallback, verifyIdentity,
} from '../support/sign-in.mjs';

const LINK_COOKIE = '__Host-registry-link';

const accountRow = (number) => query(`SELECT id, migration_state, login_gov_subject FROM registry_accounts WHERE registry_number = '${number}'`)[0];
const events = (id) => query(`SELECT event FROM audit_events WHERE account_id = ${id} ORDER BY id`).map((r) => r.event);
const mismatches = (id) => query(`SELECT detail FROM audit_events WHERE account_id = ${id} AND event = 'identity_not_matched' ORDER BY id`).map((r) => r.detail);

/** Signs in at the stand-in and stops at the registry's question; returns the browser. */
async function askedAboutAccount(person) {
  const b = browser();
  const answer = await b.go(await reachCallback(b, person));
  assert.equal(answer.status, 303);
  assert.equal(answer.headers.get('location'), '/sign-in/confirm');
  return b;
}

test('the first sign-in shows whose account it is and links it only when the person says yes', async () => {
  const email = freshEmail('confirm.yes');
  const [account] = seedAccounts([{ email, first: 'Grace', last: 'Hopper', migration: 'migrated' }]);
  const person = await loginGovPerson('Grace Hopper', [email]);
  const b = await askedAboutAccount(person);
  const cookie = b.setCookies.find((c) => c.startsWith(`${LINK_COOKIE}=`));
  for (const part of ['Path=/', 'Secure', 'HttpOnly', 'SameSite=Lax', 'Max-Age=600']) assert.ok(cookie.split('; ').includes(part), part);
  assert.equal(b.cookie(APP, SESSION_COOKIE), undefined, 'no session before the answer');
  assert.equal(accountRow(account.number).migration_state, 'migrated', 'nothing linked before the answer');

  const question = await linkQuestion(b);
  assert.equal(question.status, 200);
  assert.equal(question.headers.get('cache-control'), 'no-store');
  const shown = await question.json();
  assert.deepEqual({ ...shown, csrf_token: undefined }, {
    first_name: 'Grace', last_name: 'Hopper', registry_number: account.number, verify_identity: false, csrf_token: undefined,
  });

  const post = (headers) => b.go(`${APP}/api/sign-in/link`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"mine":true}' });
  assert.equal((await post({ origin: APP })).status, 403, 'no CSRF token');
  assert.equal((await post({ origin: 'https://evil.example', 'x-csrf-token': shown.csrf_token })).status, 403, 'another origin');
  assert.equal((await post({ origin: APP, 'x-csrf-token': 'x'.repeat(43) })).status, 403, 'another token');
  assert.equal(accountRow(account.number).migration_state, 'migrated');

  const yes = await answerLink(b, { mine: true }, APP, shown.csrf_token);
  assert.equal(yes.status, 200);
  assert.deepEqual(await yes.json(), { location: '/account' });
  assert.ok(b.setCookies.some((c) => c.startsWith(`${LINK_COOKIE}=;`)), 'the question is over');
  assert.equal((await b.go(`${APP}/api/session`)).status, 200, 'signed in');
  const row = accountRow(account.number);
  assert.deepEqual([row.migration_state, row.login_gov_subject], ['linked', person.sub]);
  assert.deepEqual(events(row.id).slice(-2), ['login_gov_linked', 'signed_in']);
  assert.equal((await linkQuestion(b)).status, 410, 'answered once');
});

test('"This is not my account" links nothing, signs nobody in, is audited and leads to the help desk page', async () => {
  const email = freshEmail('confirm.no');
  const [account] = seedAccounts([{ email, migration: 'migrated' }]);
  const b = await askedAboutAccount(await loginGovPerson('Not Mine', [email]));
  const no = await answerLink(b, { mine: false });
  assert.equal(no.status, 200);
  assert.deepEqual(await no.json(), { location: '/sign-in/problem/not-your-account' });
  assert.equal(b.cookie(APP, SESSION_COOKIE), undefined);
  const row = accountRow(account.number);
  assert.deepEqual([row.migration_state, row.login_gov_subject], ['migrated', null]);
  assert.deepEqual(events(row.id).slice(-1), ['link_declined']);
  assert.equal((await answerLink(b, { mine: true }, APP, 'x'.repeat(43))).status, 410, 'the question is gone');
});

/** Answers yes to a question that asks for identity verification: login.gov's address, asking for IAL2. */
async function yesToVerification(b) {
  const shown = await (await linkQuestion(b)).json();
  assert.equal(shown.verify_identity, true);
  const yes = await answerLink(b, { mine: true }, APP, shown.csrf_token);
  assert.equal(yes.status, 200);
  const { location } = await yes.json();
  assert.ok(location.startsWith(`${ISSUER}/openid_connect/authorize?`), location);
  const asked = new URL(location).searchParams;
  assert.equal(asked.get('acr_values'), 'urn:acr.login.gov:verified-facial-match-required');
  assert.equal(asked.get('scope'), 'openid email all_emails profile:name profile:birthdate');
  return location;
}

test('the shared mailbox: after one examiner moved away, whoever reads the family address links the other account only as its owner, verified by login.gov', async () => {
  const family = freshEmail('family');
  const [james, linda] = seedAccounts([
    { email: family, first: 'James', last: 'Carter', migration: 'migrated', birth: '1968-07-03' },
    { email: family, first: 'Linda', last: 'Carter', migration: 'migrated', birth: '1970-01-22' },
  ]);
  query(`UPDATE registry_accounts SET primary_email = '${freshEmail('james.own')}' WHERE registry_number = '${james.number}'`);
  // James signs in with the family address: it finds Linda's account; he says yes, and login.gov verifies him.
  const jamesAtLoginGov = await loginGovPerson(`James Carter ${linda.number}`, [family], {
    verified: { given_name: 'JAMES', family_name: 'CARTER', birthdate: '1968-07-03' },
  });
  const b = await askedAboutAccount(jamesAtLoginGov);
  const shown = await (await linkQuestion(b)).json();
  assert.deepEqual([shown.first_name, shown.registry_number], ['Linda', linda.number]);
  const location = await yesToVerification(b);
  assert.equal((await linkQuestion(b)).status, 200, 'the question waits for login.gov');
  assert.equal((await verifyIdentity(b, jamesAtLoginGov, location)).pathname, '/sign-in/problem/identity-not-matched');
  assert.equal(b.cookie(APP, SESSION_COOKIE), undefined);
  const row = accountRow(linda.number);
  assert.deepEqual([row.migration_state, row.login_gov_subject], ['migrated', null], 'James links nothing of Linda');
  assert.deepEqual(mismatches(row.id), ['name']);
  assert.equal((await linkQuestion(b)).status, 410, 'the question is over');

  // Someone verified as Linda, but born another day, links nothing either.
  const almost = await loginGovPerson(`Almost Linda ${linda.number}`, [family], {
    verified: { given_name: 'Linda', family_name: 'Carter', birthdate: '1970-01-23' },
  });
  const c = await askedAboutAccount(almost);
  assert.equal((await verifyIdentity(c, almost, await yesToVerification(c))).pathname, '/sign-in/problem/identity-not-matched');
  assert.deepEqual(mismatches(row.id), ['name', 'date_of_birth']);

  // Linda herself, verified with her name written login.gov's way: linked and signed in, however many tried before.
  const lindaAtLoginGov = await loginGovPerson(`Linda Carter ${linda.number}`, [family], {
    verified: { given_name: 'LINDA', family_name: 'CARTER', birthdate: '1970-01-22' },
  });
  const d = await askedAboutAccount(lindaAtLoginGov);
  assert.equal((await verifyIdentity(d, lindaAtLoginGov, await yesToVerification(d))).pathname, '/account');
  assert.equal((await d.go(`${APP}/api/session`)).status, 200, 'signed in');
  assert.equal(accountRow(linda.number).login_gov_subject, lindaAtLoginGov.sub);
  assert.deepEqual(events(row.id).slice(-3), ['login_gov_linked', 'identity_verified', 'signed_in']);
});

test('a match only by a secondary address verifies the identity; without a date of birth on file, the names decide, written any way', async () => {
  const secondary = freshEmail('assistant.secondary');
  const employer = freshRegistryNumber();
  const [, assistant] = seedAccounts([{ number: employer, email: freshEmail('assistant.employer') }, {
    type: 'assistant', examiner: employer, email: freshEmail('assistant.primary'), secondary, first: 'José', last: 'García-López', migration: 'migrated',
  }]);
  const person = await loginGovPerson(`Jose ${assistant.number}`, [secondary], {
    verified: { given_name: 'JOSE', family_name: 'GARCIA LOPEZ JR', birthdate: '1980-02-02' },
  });
  const b = await askedAboutAccount(person);
  assert.equal((await verifyIdentity(b, person, await yesToVerification(b))).pathname, '/account');
  assert.equal(accountRow(assistant.number).migration_state, 'linked');
});

test('the verification must be the same login.gov account that signed in, and one login.gov could not verify links nothing', async () => {
  const family = freshEmail('two.people');
  const [moved, owner] = seedAccounts([{ email: family, migration: 'migrated' }, { email: family, first: 'Owen', last: 'Hart', migration: 'migrated' }]);
  query(`UPDATE registry_accounts SET primary_email = '${freshEmail('moved')}' WHERE registry_number = '${moved.number}'`);
  // A stranger at the shared address asks; the real owner's login.gov account is verified in their browser.
  const stranger = await loginGovPerson(`Stranger ${owner.number}`, [family]);
  const ownerAtLoginGov = await loginGovPerson(`Owen Hart ${owner.number}`, [freshEmail('owen.own')], {
    verified: { given_name: 'Owen', family_name: 'Hart', birthdate: '1975-05-05' },
  });
  const b = await askedAboutAccount(stranger);
  const location = await yesToVerification(b);
  b.forget(ISSUER); // The owner signs in to login.gov in this browser afresh.
  assert.equal((await verifyIdentity(b, ownerAtLoginGov, location)).pathname, '/sign-in/problem/identity-not-matched');
  const row = accountRow(owner.number);
  assert.deepEqual(mismatches(row.id), ['another_login_gov_account']);
  // The stranger cannot verify an identity at login.gov: login.gov sends them back without one.
  const c = await askedAboutAccount(stranger);
  assert.equal((await verifyIdentity(c, stranger, await yesToVerification(c))).pathname, '/sign-in/problem/cancelled');
  assert.equal(accountRow(owner.number).login_gov_subject, null);
});

test('a name on file out of date (married since) links nothing until one staff member asks to correct it and another approves; then the verified identity links', async () => {
  const secondary = freshEmail('renamed.secondary');
  const [account] = seedAccounts([{ email: freshEmail('renamed'), secondary, first: 'Maria', last: 'Lopez', birth: '1975-04-12', migration: 'migrated' }]);
  const person = await loginGovPerson(`Maria Lopez-Hart ${account.number}`, [secondary], {
    verified: { given_name: 'MARIA', family_name: 'LOPEZ-HART', birthdate: '1975-04-12' },
  });
  const b = await askedAboutAccount(person);
  assert.equal((await verifyIdentity(b, person, await yesToVerification(b))).pathname, '/sign-in/problem/identity-not-matched');
  const { id } = accountRow(account.number);
  assert.deepEqual(mismatches(id), ['name']);

  // She calls the help desk: one staff member asks, with the name on her documents; another approves.
  const [asker, approver] = [await staffMember('help_desk'), await staffMember('admin')];
  const page = `/api/staff/accounts/${id}`;
  const path = (action) => `${page}/${action}`;
  const reason = 'Married: saw her driver license and marriage certificate on the call';
  const noLastName = await staffPost(asker, path('correct-identity'), { reason, new_first_name: 'Maria' });
  assert.equal(noLastName.status, 400);
  assert.deepEqual((await noLastName.json()).fields.map((f) => f.field), ['new_last_name']);
  const everything = await staffPost(asker, path('correct-identity'), { reason, new_first_name: 'Ann', new_last_name: 'Other', new_date_of_birth: '1980-01-01' });
  assert.equal(everything.status, 409, 'the name or the date of birth, not both: one stays as an anchor');
  assert.equal((await staffPost(asker, path('correct-identity'), { reason, new_first_name: 'Maria', new_last_name: 'Lopez-Hart' })).status, 200);
  assert.deepEqual(query(`SELECT count(*) AS n FROM email_outbox WHERE account_id = ${id} AND kind = 'recovery_requested'`), [{ n: 2 }], 'both addresses told at the request');
  const { waiting_recovery: waiting } = await (await approver.b.go(`${APP}${page}`)).json();
  assert.deepEqual(waiting.corrected, { first_name: 'Maria', last_name: 'Lopez-Hart', date_of_birth: null });
  const decide = (member) => staffPost(member, path('approve-recovery'), { reason: 'Documents checked', request_id: waiting.request_id });
  assert.equal((await decide(asker)).status, 409, 'never by who asked');
  assert.equal(query(`SELECT last_name FROM registry_accounts WHERE id = ${id}`)[0].last_name, 'Lopez');
  assert.equal((await decide(approver)).status, 200);
  assert.deepEqual(query(`SELECT first_name, last_name, date_of_birth FROM registry_accounts WHERE id = ${id}`), [{ first_name: 'Maria', last_name: 'Lopez-Hart', date_of_birth: '1975-04-12' }]);
  assert.deepEqual(query(`SELECT detail FROM audit_events WHERE account_id = ${id} AND event = 'staff_identity_corrected'`), [{ detail: 'name from Maria Lopez to Maria Lopez-Hart: Documents checked' }]);

  // Her next sign-in: verified as the name now on file, and linked.
  const c = await askedAboutAccount(person);
  assert.equal((await verifyIdentity(c, person, await yesToVerification(c))).pathname, '/account');
  assert.equal(accountRow(account.number).login_gov_subject, person.sub);
});

test('nothing typed links an account: an answer with a license or registry number is refused as malformed', async () => {
  const family = freshEmail('typed');
  const [moved, target] = seedAccounts([{ email: family, migration: 'migrated' }, { email: family, migration: 'migrated' }]);
  query(`UPDATE registry_accounts SET primary_email = '${freshEmail('moved.typed')}' WHERE registry_number = '${moved.number}'`);
  const b = await askedAboutAccount(await loginGovPerson(`Typist ${target.number}`, [family]));
  const { csrf_token: token } = await (await linkQuestion(b)).json();
  for (const proof of [target.license, target.number]) {
    assert.equal((await answerLink(b, { mine: true, proof }, APP, token)).status, 400, proof);
  }
  assert.equal(accountRow(target.number).login_gov_subject, null);
});
