// A first sign-in that finds a registry account by email links nothing until
// the person says the account is theirs — with its license number (or, without
// one, its registry number) when the address was ever another account's or is
// a secondary address nobody confirmed. Over HTTP, on wrangler dev and the stand-in.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { query } from '../support/d1.mjs';
import { freshEmail, freshRegistryNumber, seedAccounts } from '../support/registry.mjs';
import {
  APP, SESSION_COOKIE, answerLink, browser, linkQuestion, loginGovPerson, reachCallback,
} from '../support/sign-in.mjs';

const LINK_COOKIE = '__Host-registry-link';

const accountRow = (number) => query(`SELECT id, migration_state, login_gov_subject FROM registry_accounts WHERE registry_number = '${number}'`)[0];
const events = (id) => query(`SELECT event FROM audit_events WHERE account_id = ${id} ORDER BY id`).map((r) => r.event);

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
    first_name: 'Grace', last_name: 'Hopper', registry_number: account.number, proof: null, csrf_token: undefined,
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

test('the family address: after one examiner moved away, the other account still asks for its license number', async () => {
  const family = freshEmail('family');
  const [james, linda] = seedAccounts([
    { email: family, first: 'James', last: 'Carter', migration: 'migrated' },
    { email: family, first: 'Linda', last: 'Carter', license: `TX-${Date.now() % 1_000_000}`, migration: 'migrated' },
  ]);
  query(`UPDATE registry_accounts SET primary_email = '${freshEmail('james.own')}' WHERE registry_number = '${james.number}'`);
  // James signs in with the family address, verified at login.gov: it finds Linda's account.
  const jamesAtLoginGov = await loginGovPerson('James Carter', [family]);
  const b = await askedAboutAccount(jamesAtLoginGov);
  const shown = await (await linkQuestion(b)).json();
  assert.deepEqual([shown.first_name, shown.registry_number, shown.proof], ['Linda', linda.number, 'license_number']);

  for (const wrong of ['', 'TX-000000', 'not a license!']) {
    const refused = await answerLink(b, { mine: true, proof: wrong }, APP, shown.csrf_token);
    assert.equal(refused.status, 400, wrong);
    assert.deepEqual((await refused.json()).fields.map((f) => f.field), ['proof']);
  }
  const row = accountRow(linda.number);
  assert.deepEqual([row.migration_state, row.login_gov_subject], ['migrated', null], 'a wrong license links nothing');
  assert.equal(events(row.id).filter((e) => e === 'link_proof_refused').length, 3);

  // Linda herself types her license, spelled her own way.
  const lindaAtLoginGov = await loginGovPerson('Linda Carter', [family]);
  const c = await askedAboutAccount(lindaAtLoginGov);
  const right = await answerLink(c, { mine: true, proof: linda.license.toLowerCase().replace('-', ' ') });
  assert.equal(right.status, 200);
  assert.deepEqual(accountRow(linda.number).login_gov_subject, lindaAtLoginGov.sub);
});

test('a match only by a secondary address asks for the registry number of an account without a license, and does not show it', async () => {
  const secondary = freshEmail('assistant.secondary');
  const employer = freshRegistryNumber();
  const [, assistant] = seedAccounts([{ number: employer, email: freshEmail('assistant.employer') }, {
    type: 'assistant', examiner: employer, email: freshEmail('assistant.primary'), secondary, first: 'Ada', migration: 'migrated',
  }]);
  const b = await askedAboutAccount(await loginGovPerson('Ada', [secondary]));
  const shown = await (await linkQuestion(b)).json();
  assert.deepEqual([shown.first_name, shown.registry_number, shown.proof], ['Ada', null, 'registry_number']);
  const yes = await answerLink(b, { mine: true, proof: assistant.number }, APP, shown.csrf_token);
  assert.equal(yes.status, 200);
  assert.equal(accountRow(assistant.number).migration_state, 'linked');
});

test('proofs are limited per account and hour, whoever signs in to try them', async () => {
  const family = freshEmail('guessed');
  const [moved, target] = seedAccounts([{ email: family, migration: 'migrated' }, { email: family, migration: 'migrated' }]);
  query(`UPDATE registry_accounts SET primary_email = '${freshEmail('moved')}' WHERE registry_number = '${moved.number}'`);
  const statuses = [];
  for (let round = 0; round < 3; round += 1) {
    const b = await askedAboutAccount(await loginGovPerson(`Guesser ${round}`, [family]));
    const { csrf_token: token } = await (await linkQuestion(b)).json();
    statuses.push((await answerLink(b, { mine: true, proof: `XX-${round}1` }, APP, token)).status);
    statuses.push((await answerLink(b, { mine: true, proof: `XX-${round}2` }, APP, token)).status);
  }
  assert.deepEqual(statuses, [400, 400, 400, 400, 400, 429]);
  const b = await askedAboutAccount(await loginGovPerson('Guesser right', [family]));
  assert.equal((await answerLink(b, { mine: true, proof: target.license })).status, 429, 'even the right license, until the hour is over');
  assert.equal(accountRow(target.number).migration_state, 'migrated');
});
